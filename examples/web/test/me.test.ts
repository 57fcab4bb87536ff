/** Who the app shows as signed in, from the ID token's profile. */
import { describe, expect, it } from "vitest";
import { meFrom } from "../src/me.js";

describe("meFrom", () => {
  it("shows the name, and sends name and e-mail when registering", () => {
    expect(meFrom({ sub: "ada", name: " Ada Lovelace ", email: "ada@example.test" })).toEqual({
      userId: "ada",
      name: "Ada Lovelace",
      contact: { name: "Ada Lovelace", email: "ada@example.test" },
    });
  });

  it("shows the e-mail when there is no name (a Cognito account), and the sub only when there is neither", () => {
    const sub = "3f2a9c1e-5b7d-4e0f-9a8b-1c2d3e4f5a6b";
    expect(meFrom({ sub, email: "ada@example.test" })).toEqual({ userId: sub, name: "ada@example.test", contact: { email: "ada@example.test" } });
    expect(meFrom({ sub, name: " ", email: "" })).toEqual({ userId: sub, name: sub, contact: {} });
  });
});

/** The sign-out request's extra parameters: Amazon Cognito's /logout needs its own; other issuers get none. */
import { describe, expect, it } from "vitest";
import { signoutQueryParams } from "../src/signout.js";

describe("signoutQueryParams", () => {
  it("gives a Cognito user pool's /logout the client and the address to come back to", () => {
    expect(signoutQueryParams("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz", "app-client", "https://events.example.com/")).toEqual({
      client_id: "app-client",
      logout_uri: "https://events.example.com/",
    });
  });

  it("adds nothing for any other issuer, even one whose address mentions Cognito", () => {
    for (const issuer of ["http://127.0.0.1:8001", "https://login.example.com/cognito-idp.eu-west-1.amazonaws.com/x", "https://cognito-idp.eu-west-1.amazonaws.com.evil.test/pool"]) {
      expect(signoutQueryParams(issuer, "events-web", "http://localhost:5173/")).toEqual({});
    }
  });
});

/**
 * The verifier against the real development issuer: tokens from its own sign-in flow
 * are accepted as the person, its ID tokens are not, and a key rotation at the issuer
 * is picked up by the same verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIssuer, type DevIssuer } from "@events/dev-issuer";
import { createTokenVerifier } from "../src/index.js";

const AUDIENCE = "http://localhost:8000";
let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ audience: AUDIENCE, users: { carol: { name: "Carol C", email: "carol@example.test" } } });
});
afterAll(() => issuer?.close());

describe("tokens of the development issuer", () => {
  it("its access token is the person, with the name and e-mail claims", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE });
    expect(await verifier.verify(await issuer.token("carol"))).toEqual({
      kind: "person",
      userId: "carol",
      name: "Carol C",
      email: "carol@example.test",
    });
    expect(await verifier.verify(await issuer.token("dave", { name: "Dave D", email: "d@example.test" }))).toEqual({
      kind: "person",
      userId: "dave",
      name: "Dave D",
      email: "d@example.test",
    });
  });

  it("its ID token is refused: its audience is the client, not the API", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE });
    const { idToken } = await issuer.tokens("carol");
    expect(idToken).toBeDefined();
    expect(await verifier.verify(idToken!)).toMatchObject({ kind: "refused", reason: "wrong_audience" });
  });

  it("a token for another audience is refused", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: "https://another-api.test" });
    expect(await verifier.verify(await issuer.token("carol"))).toMatchObject({ kind: "refused", reason: "wrong_audience" });
  });

  it("a user name that breaks the userId rules signs in, and its token is refused naming the rule", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE });
    const outcome = await verifier.verify(await issuer.token("carol smith"));
    expect(outcome).toMatchObject({ kind: "refused", reason: "invalid_user_id", detail: expect.stringMatching(/sub claim must be/) });
  });

  it("a key rotation at the issuer is accepted by the same verifier once its cooldown has passed", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: AUDIENCE, unknownKeyCooldownMs: 200 });
    const before = await issuer.token("carol");
    expect((await verifier.verify(before)).kind).toBe("person");
    const oldKid = issuer.currentKid();
    const newKid = await issuer.rotateKeys();
    expect(newKid).not.toBe(oldKid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = await issuer.token("carol");
    expect(JSON.parse(Buffer.from(after.split(".")[0]!, "base64url").toString()).kid).toBe(newKid);
    expect(await verifier.verify(after)).toMatchObject({ kind: "person", userId: "carol" });
    // The previous key stays published, so tokens handed out before the rotation still verify.
    expect((await verifier.verify(before)).kind).toBe("person");
  });
});

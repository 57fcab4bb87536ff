/**
 * Every refusal of the contract's "Identity and access" section, with tokens forged by
 * the tests (signed with keys of their own issuer on 127.0.0.1), and what must pass.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignJWT, exportSPKI, importJWK, type CryptoKey, type JWTPayload } from "jose";
import { createTokenVerifier, REFUSAL_DETAILS, type TokenVerifier, type VerifyOutcome } from "../src/index.js";
import { accessTokenClaims, makeKey, startForgingIssuer, type ForgingIssuer, type ForgingKey } from "./forging-issuer.js";

const AUDIENCE = "https://api.events.test";
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let rsa: ForgingKey;
let ec: ForgingKey;
let ps: ForgingKey;
let ed: ForgingKey;
let forger: ForgingIssuer;
let verifier: TokenVerifier;
let claims: (overrides?: JWTPayload) => JWTPayload;

beforeAll(async () => {
  [rsa, ec, ps, ed] = await Promise.all([makeKey("RS256", "rsa-1"), makeKey("ES256", "ec-1"), makeKey("PS256", "ps-1"), makeKey("EdDSA", "ed-1")]);
  forger = await startForgingIssuer([rsa, ec, ps, ed]);
  verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE });
  claims = (overrides) => accessTokenClaims(forger.issuer, AUDIENCE, overrides);
});
afterAll(() => forger.close());

/** The refusal's reason, failing the test when the outcome is not a refusal. */
const refused = (outcome: VerifyOutcome) => {
  expect(outcome.kind, JSON.stringify(outcome)).toBe("refused");
  return outcome.kind === "refused" ? outcome.reason : undefined;
};
const detailOf = (outcome: VerifyOutcome) => ("detail" in outcome ? outcome.detail : "");

describe("accepted", () => {
  it("a token signed with any published asymmetric key (RS256, ES256, PS256, EdDSA) is the person it names", async () => {
    for (const key of [rsa, ec, ps, ed]) {
      const outcome = await verifier.verify(await forger.sign(claims({ name: "Alice A", email: "alice@example.test" }), { key }));
      expect(outcome, key.alg).toEqual({ kind: "person", userId: "alice", name: "Alice A", email: "alice@example.test" });
    }
  });

  it("without name or e-mail claims the person has neither", async () => {
    expect(await verifier.verify(await forger.sign(claims()))).toEqual({ kind: "person", userId: "alice" });
  });

  it("typ at+jwt, application/at+jwt, JWT or none at all", async () => {
    for (const typ of ["at+jwt", "application/at+jwt", "JWT", undefined]) {
      const token = await forger.sign(claims(), { header: { typ } });
      expect((await verifier.verify(token)).kind, String(typ)).toBe("person");
    }
  });

  it("an aud list holding the audience, and a Cognito-style token with client_id and no aud", async () => {
    expect((await verifier.verify(await forger.sign(claims({ aud: ["other", AUDIENCE] })))).kind).toBe("person");
    expect((await verifier.verify(await forger.sign(claims({ aud: undefined, client_id: AUDIENCE, token_use: "access" }))))).toEqual({
      kind: "person",
      userId: "alice",
    });
  });

  it("exp, nbf and iat within the 60 s leeway", async () => {
    const t = now();
    expect((await verifier.verify(await forger.sign(claims({ exp: t - 30 })))).kind).toBe("person");
    expect((await verifier.verify(await forger.sign(claims({ nbf: t + 30 })))).kind).toBe("person");
    expect((await verifier.verify(await forger.sign(claims({ iat: t + 30 })))).kind).toBe("person");
  });

  it("the user id from another claim when configured (AUTH_USER_ID_CLAIM)", async () => {
    const byUsername = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, userIdClaim: "username" });
    expect(await byUsername.verify(await forger.sign(claims({ sub: "a9f3-uuid", username: "bob" })))).toEqual({ kind: "person", userId: "bob" });
    expect(refused(await byUsername.verify(await forger.sign(claims())))).toBe("invalid_user_id");
  });
});

describe("refused, each with its own detail", () => {
  it("expired (past the leeway)", async () => {
    const outcome = await verifier.verify(await forger.sign(claims({ exp: now() - 120 })));
    expect(outcome).toEqual({ kind: "refused", reason: "expired", detail: REFUSAL_DETAILS.expired });
  });

  it("no exp at all", async () => {
    const outcome = await verifier.verify(await forger.sign(claims({ exp: undefined })));
    expect(refused(outcome)).toBe("malformed");
    expect(detailOf(outcome)).toMatch(/exp/);
  });

  it("a future nbf, and a future iat (jose alone would accept the latter)", async () => {
    expect(await verifier.verify(await forger.sign(claims({ nbf: now() + 120 })))).toEqual({
      kind: "refused",
      reason: "not_yet_valid",
      detail: REFUSAL_DETAILS.not_yet_valid,
    });
    expect(refused(await verifier.verify(await forger.sign(claims({ iat: now() + 120 }))))).toBe("not_yet_valid");
  });

  it("another issuer, even signed with a published key", async () => {
    const outcome = await verifier.verify(await forger.sign(claims({ iss: `${forger.issuer}/` })));
    expect(outcome).toEqual({ kind: "refused", reason: "wrong_issuer", detail: REFUSAL_DETAILS.wrong_issuer });
  });

  it("another audience; with no aud, a client_id that is not the audience", async () => {
    expect(refused(await verifier.verify(await forger.sign(claims({ aud: "https://other.test" }))))).toBe("wrong_audience");
    expect(refused(await verifier.verify(await forger.sign(claims({ aud: undefined, client_id: "some-app" }))))).toBe("wrong_audience");
    // aud present and wrong: a matching client_id does not make up for it.
    expect(refused(await verifier.verify(await forger.sign(claims({ aud: "https://other.test", client_id: AUDIENCE }))))).toBe(
      "wrong_audience",
    );
  });

  it("alg none", async () => {
    const token = `${b64({ alg: "none", typ: "at+jwt" })}.${b64(claims())}.`;
    const outcome = await verifier.verify(token);
    expect(refused(outcome)).toBe("bad_signature");
    expect(detailOf(outcome)).toMatch(/algorithm/);
  });

  it("HS256 signed with the published public key's bytes", async () => {
    const pem = await exportSPKI((await importJWK(rsa.publicJwk, "RS256")) as CryptoKey);
    for (const secret of [new TextEncoder().encode(pem), Buffer.from(JSON.stringify(rsa.publicJwk))]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: rsa.kid, typ: "at+jwt" }).sign(secret);
      expect(refused(await verifier.verify(token))).toBe("bad_signature");
    }
  });

  it("a signature that does not match (payload changed, or another key under a published kid)", async () => {
    const [header, , signature] = (await forger.sign(claims())).split(".");
    expect(await verifier.verify(`${header}.${b64(claims({ sub: "mallory" }))}.${signature}`)).toEqual({
      kind: "refused",
      reason: "bad_signature",
      detail: REFUSAL_DETAILS.bad_signature,
    });
    const impostor = await makeKey("RS256", rsa.kid);
    expect(refused(await verifier.verify(await forger.sign(claims(), { key: impostor })))).toBe("bad_signature");
  });

  it("a key the issuer never published", async () => {
    const stranger = await makeKey("RS256", "never-published");
    const outcome = await verifier.verify(await forger.sign(claims(), { key: stranger }));
    expect(outcome).toEqual({ kind: "refused", reason: "unknown_key", detail: REFUSAL_DETAILS.unknown_key });
  });

  it("an ID token: token_use other than access, or a typ that is not an access token's", async () => {
    for (const token_use of ["id", "refresh"]) {
      expect(refused(await verifier.verify(await forger.sign(claims({ token_use }))))).toBe("not_access_token");
    }
    for (const typ of ["id+jwt", "JOSE", "dpop+jwt", 1 as unknown as string]) {
      const outcome = await verifier.verify(await forger.sign(claims(), { header: { typ } }));
      expect(outcome).toEqual({ kind: "refused", reason: "not_access_token", detail: REFUSAL_DETAILS.not_access_token });
    }
  });

  it("a user id that breaks the userId rules, naming the rule", async () => {
    for (const sub of ["a/b", "..", ".", "", "x".repeat(129), "alice smith", 42, undefined]) {
      const outcome = await verifier.verify(await forger.sign(claims({ sub: sub as string })));
      expect(refused(outcome), String(sub)).toBe("invalid_user_id");
      expect(detailOf(outcome)).toMatch(/^the access token's user id is not a valid userId: the sub claim /);
    }
    expect((await verifier.verify(await forger.sign(claims({ sub: "A-z_0.9~".padEnd(128, "x") })))).kind).toBe("person");
  });

  it("time claims that are not numbers are malformed", async () => {
    for (const spoiled of [{ exp: String(now() + 600) }, { iat: "yesterday" }, { nbf: true }]) {
      expect(refused(await verifier.verify(await forger.sign(claims(spoiled as unknown as JWTPayload)))), JSON.stringify(spoiled)).toBe("malformed");
    }
  });

  it("malformed values, and never the token in a detail", async () => {
    for (const token of ["abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", `${b64({ alg: "RS256" })}.${b64(claims())}`, "a.b.c.d.e"]) {
      const outcome = await verifier.verify(token);
      expect(refused(outcome), token).toBe("malformed");
      expect(detailOf(outcome)).not.toContain(token);
    }
    const token = await forger.sign(claims({ exp: now() - 3600 }));
    const outcome = await verifier.verify(token);
    expect(JSON.stringify(outcome)).not.toContain(token.split(".")[2]);
  });
});

/**
 * Every token refusal of the contract, through the public surfaces (REST and
 * tRPC): each a 401 with its own `detail` (the identity package's), RFC 6750's
 * `WWW-Authenticate: Bearer … error="invalid_token"`, and never the token.
 * Tokens are forged with jose by an issuer of the tests' own (keys it publishes,
 * and keys it never did).
 */
import { afterAll, describe, expect, it } from "vitest";
import { SignJWT, type JWTPayload } from "jose";
import { REFUSAL_DETAILS } from "@events/identity";
import { accessTokenClaims, makeKey, startForgingIssuer } from "../../identity/test/forging-issuer.js";
import { startTestApi } from "./harness.js";
import { bearer, INVALID_TOKEN, NO_CREDENTIAL, restAuth, trpcAuth } from "./auth-helpers.js";

const AUDIENCE = "https://api.events.test";
const forger = await startForgingIssuer([await makeKey("RS256", "published-1")]);
afterAll(() => forger.close());
const api = await startTestApi({ auth: { issuer: forger.issuer, audience: AUDIENCE } });
const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: JWTPayload = {}) => accessTokenClaims(forger.issuer, AUDIENCE, overrides);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Each refused token, how it is made, and the detail it must get. */
const REFUSALS: [label: string, token: () => Promise<string>, detail: string | RegExp][] = [
  ["expired (past the 60 s leeway)", () => forger.sign(claims({ exp: now() - 120 })), REFUSAL_DETAILS.expired],
  // jose alone accepts a token with no exp; the contract refuses it.
  ["no exp", () => forger.sign(claims({ exp: undefined })), "the access token has no expiry time (exp)"],
  ["nbf in the future beyond the leeway", () => forger.sign(claims({ nbf: now() + 300 })), REFUSAL_DETAILS.not_yet_valid],
  ["iat in the future beyond the leeway", () => forger.sign(claims({ iat: now() + 300 })), REFUSAL_DETAILS.not_yet_valid],
  ["another issuer", () => forger.sign(claims({ iss: "https://evil.example" })), REFUSAL_DETAILS.wrong_issuer],
  ["another audience", () => forger.sign(claims({ aud: "https://other.example" })), REFUSAL_DETAILS.wrong_audience],
  ["no aud and a wrong client_id", () => forger.sign(claims({ aud: undefined, client_id: "someone-else" })), REFUSAL_DETAILS.wrong_audience],
  ["alg none", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`, /algorithm is not accepted|malformed/],
  [
    "HS256 (a symmetric algorithm)",
    () => new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: "published-1" }).sign(new TextEncoder().encode("x".repeat(32))),
    /algorithm is not accepted/,
  ],
  ["a key the issuer never published", async () => forger.sign(claims(), { key: await makeKey("RS256", "never-published") }), REFUSAL_DETAILS.unknown_key],
  ["an ID token (token_use: id)", () => forger.sign(claims({ token_use: "id" })), REFUSAL_DETAILS.not_access_token],
  ["an ID token (typ id_token+jwt)", () => forger.sign(claims(), { header: { typ: "id_token+jwt" } }), REFUSAL_DETAILS.not_access_token],
  ["malformed", async () => "not.a.jwt", REFUSAL_DETAILS.malformed],
  [
    "a bad signature",
    async () => {
      const [header, payload] = (await forger.sign(claims())).split(".");
      const other = (await forger.sign(claims({ sub: "bob" }))).split(".")[2];
      return `${header}.${payload}.${other}`;
    },
    REFUSAL_DETAILS.bad_signature,
  ],
  ["a user id breaking the userId rules", () => forger.sign(claims({ sub: "al ice/.." })), new RegExp(`^${REFUSAL_DETAILS.invalid_user_id}: the sub claim`)],
];

describe.each([restAuth(api), trpcAuth(api)])("over $name", (surface) => {
  it.each(REFUSALS)("%s: 401, its own detail, WWW-Authenticate invalid_token, never the token", async (_label, make, detail) => {
    const token = await make();
    for (const answer of [await surface.me(bearer(token)), await surface.createEvent({ title: "x" }, bearer(token))]) {
      expect(answer.status).toBe(401);
      if (surface.name === "tRPC") expect(answer.code).toBe("UNAUTHORIZED");
      expect(answer.detail).toMatch(typeof detail === "string" ? new RegExp(`^${detail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : detail);
      expect(answer.wwwAuthenticate).toMatch(INVALID_TOKEN);
      expect(answer.wwwAuthenticate).not.toContain(token);
      expect(JSON.stringify(answer.body ?? "") + answer.detail).not.toContain(token);
      expect(answer.detail).not.toMatch(/\n\s+at /);
    }
  });

  it("the refusal details differ: each check says which failed", () => {
    const details = REFUSALS.map(([, , detail]) => String(detail));
    expect(new Set(details).size).toBeGreaterThanOrEqual(9);
  });

  it("a valid token is the person; a Cognito-style token (no aud, client_id = audience) too", async () => {
    expect((await surface.me(bearer(await forger.sign(claims({ name: "Alice A" }))))).body).toEqual({ kind: "person", userId: "alice", name: "Alice A" });
    const cognito = await forger.sign(claims({ aud: undefined, client_id: AUDIENCE, token_use: "access" }));
    expect((await surface.me(bearer(cognito))).body).toEqual({ kind: "person", userId: "alice" });
  });

  it("no credential where one is needed: 401 with WWW-Authenticate and no error code (RFC 6750 §3.1)", async () => {
    const answer = await surface.me({});
    expect([answer.status, answer.wwwAuthenticate]).toEqual([401, NO_CREDENTIAL]);
    expect(answer.detail).toMatch(/access token/);
  });

  it("a key where the server has none configured is refused; a JWT where no issuer is configured is refused as such", async () => {
    const answer = await surface.me({ "X-Api-Key": "k".repeat(40) });
    expect([answer.status, answer.detail]).toEqual([401, "The API key is not valid"]);
    expect(answer.wwwAuthenticate).toMatch(INVALID_TOKEN);
  });
});

describe("a server with service keys and no issuer", async () => {
  const keyed = await startTestApi({ apiKey: "a".repeat(32) });
  it.each([restAuth(keyed), trpcAuth(keyed)])("over $name: a JWT is 401 'this API does not accept access tokens'", async (surface) => {
    const answer = await surface.me(bearer(await forger.sign(claims())));
    expect([answer.status, answer.detail]).toEqual([401, "this API does not accept access tokens"]);
    expect(answer.wwwAuthenticate).toMatch(INVALID_TOKEN);
  });
});

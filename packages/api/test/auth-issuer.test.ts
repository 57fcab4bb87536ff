/**
 * The API secured by the real development issuer (packages/dev-issuer): people
 * sign in and are who their token says, ID tokens are refused, people and
 * services write (anyone: 401), several service keys at
 * once, key rotation at the issuer with no API restart, and an issuer that
 * stops answering (503, bounded) and comes back (200).
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { REFUSAL_DETAILS, UNAVAILABLE_DETAIL } from "@events/identity";
import { accessTokenClaims, makeKey, startForgingIssuer } from "../../identity/test/forging-issuer.js";
import { newEvent, startTestApi } from "./harness.js";
import { bearer, INVALID_TOKEN, restAuth, trpcAuth } from "./auth-helpers.js";

const AUDIENCE = "http://localhost:8000";
const KEY_A = "service-key-a-0123456789abcdef0123456789";
const KEY_B = "service-key-b-0123456789abcdef0123456789";
const issuer = await startDevIssuer({ audience: AUDIENCE, users: { alice: { name: "Alice Example", email: "alice@example.test" } } });
afterAll(() => issuer.close());
// A short unknown-key cooldown so that the rotation below needs no 30 s wait.
const api = await startTestApi({ apiKey: `${KEY_A}, ${KEY_B}`, auth: { issuer: issuer.issuer, audience: AUDIENCE, unknownKeyCooldownMs: 200 } });
const aliceToken = await issuer.token("alice");

describe.each([restAuth(api), trpcAuth(api)])("over $name", (surface) => {
  it("GET /me with a token from the issuer: the person, with name and e-mail; not cacheable", async () => {
    const answer = await surface.me(bearer(aliceToken));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ kind: "person", userId: "alice", name: "Alice Example", email: "alice@example.test" });
    expect(answer.cacheControl).toBe("private, no-store");
  });

  it("GET /me with a service key (either header, either key): a service", async () => {
    for (const headers of [{ "X-Api-Key": KEY_A }, { "X-Api-Key": KEY_B }, bearer(KEY_B), { "X-Api-Key": KEY_A, ...bearer(KEY_A) }]) {
      expect((await surface.me(headers)).body, JSON.stringify(Object.keys(headers))).toEqual({ kind: "service" });
    }
  });

  it("a wrong key is 401; two credentials that disagree are 401", async () => {
    expect((await surface.me({ "X-Api-Key": "wrong-key" })).status).toBe(401);
    const both = await surface.me({ "X-Api-Key": KEY_A, ...bearer(aliceToken) });
    expect(both.status).toBe(401);
    expect(both.wwwAuthenticate).toMatch(INVALID_TOKEN);
  });

  it("the issuer's ID token is refused (its audience is the app, not this API)", async () => {
    const { idToken } = await issuer.tokens("alice");
    const answer = await surface.me(bearer(idToken!));
    expect(answer.status).toBe(401);
    expect([REFUSAL_DETAILS.not_access_token, REFUSAL_DETAILS.wrong_audience]).toContain(answer.detail);
    expect(answer.wwwAuthenticate).toMatch(INVALID_TOKEN);
  });

  it("writes: a service may, a person creates an event of their own, anyone 401", async () => {
    const eventId = `issuer-${surface.name}`;
    expect((await surface.createEvent(newEvent({ eventId }), {})).status).toBe(401);
    const person = await surface.createEvent(newEvent({ eventId }), bearer(aliceToken));
    expect([person.status, person.body.ownerId]).toEqual([surface.name === "REST" ? 201 : 200, "alice"]);
    const service = await surface.createEvent(newEvent({ eventId: `${eventId}-key` }), { "X-Api-Key": KEY_B });
    expect(service.status).toBe(surface.name === "REST" ? 201 : 200);
  });
});

describe("reads stay open to anyone; a refused credential on a read is still a 401", () => {
  it("GET /events without a credential is 200; with a bad key 401", async () => {
    expect((await api.json("GET", "/events")).status).toBe(200);
    expect((await api.json("GET", "/events", undefined, { "X-Api-Key": "nope" })).status).toBe(401);
    expect((await api.json("GET", "/events.ics", undefined, { "X-Api-Key": "nope" })).status).toBe(401);
  });
});

describe("a person's calendar feed", () => {
  it("anyone 401, another person 403, the person and a service 200 (private, no-store)", async () => {
    expect((await api.request("/users/alice/calendar.ics")).status).toBe(401);
    expect((await api.request("/users/bob/calendar.ics", { headers: bearer(aliceToken) })).status).toBe(403);
    for (const headers of [bearer(aliceToken), { "X-Api-Key": KEY_A }]) {
      const feed = await api.request("/users/alice/calendar.ics", { headers });
      expect(feed.status).toBe(200);
      expect(feed.headers.get("cache-control")).toBe("private, no-store");
    }
  });
});

describe("key rotation at the issuer", () => {
  it("tokens signed with the new key are accepted with no API restart; older tokens still are", async () => {
    expect((await restAuth(api).me(bearer(aliceToken))).status).toBe(200);
    const before = issuer.currentKid();
    const kid = await issuer.rotateKeys();
    expect(kid).not.toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fresh = await issuer.token("alice");
    expect(JSON.parse(Buffer.from(fresh.split(".")[0]!, "base64url").toString()).kid).toBe(kid);
    for (const surface of [restAuth(api), trpcAuth(api)]) {
      expect((await surface.me(bearer(fresh))).body).toMatchObject({ kind: "person", userId: "alice" });
      expect((await surface.me(bearer(aliceToken))).status).toBe(200);
    }
  });
});

describe("the issuer does not answer", () => {
  it("503 with Retry-After within 15 s (never 500, never an acceptance); 200 once it answers again", { timeout: 60_000 }, async () => {
    const forger = await startForgingIssuer([await makeKey("ES256", "down-1")]);
    afterAll(() => forger.close());
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE));
    const down = await startTestApi({ auth: { issuer: forger.issuer, audience: AUDIENCE } });
    forger.silence = "all";
    for (const surface of [restAuth(down), trpcAuth(down)]) {
      const started = Date.now();
      const answer = await surface.me(bearer(token));
      expect(Date.now() - started).toBeLessThan(15_000);
      expect([answer.status, answer.detail]).toEqual([503, UNAVAILABLE_DETAIL]);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      if (surface.name === "tRPC") expect(answer.code).toBe("SERVICE_UNAVAILABLE");
    }
    // A refusal that needs no key stays a 401 while the issuer is down.
    expect((await restAuth(down).me(bearer("not.a.jwt"))).status).toBe(401);
    forger.silence = "none";
    for (const surface of [restAuth(down), trpcAuth(down)]) {
      expect((await surface.me(bearer(token))).body).toEqual({ kind: "person", userId: "alice" });
    }
  });
});

describe("the OpenAPI document of a secured server", () => {
  it("names the issuer and audience in the access-token scheme, beside the key schemes", async () => {
    const { body } = await api.json("GET", "/openapi.json");
    const schemes = body.components.securitySchemes;
    expect(schemes.AccessToken).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(schemes.AccessToken.description).toContain(issuer.issuer);
    expect(schemes.AccessToken.description).toContain(AUDIENCE);
    expect(schemes.ApiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-Api-Key" });
    expect(schemes.Bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(body.paths["/me"].get.responses["401"].headers["WWW-Authenticate"]).toBeDefined();
  });
});

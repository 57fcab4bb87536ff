/**
 * A person's calendar feed at its secret address: issued by the person (or a
 * service), read with no credential, the same feed as
 * `/users/{userId}/calendar.ics` (body, ETag, 304); replaced by the next issue,
 * gone when revoked; nobody else may issue or revoke it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { newEvent, startTestApi } from "./harness.js";
import { bearer } from "./auth-helpers.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "calendar-token-service-key-0123456789abcdef";
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
const service = { "X-Api-Key": KEY };
const ann = bearer(await issuer.token("ann"));
const ben = bearer(await issuer.token("ben"));

const issue = (userId: string, headers: Record<string, string>) => api.json("POST", `/users/${userId}/calendar-token`, undefined, headers);
const revoke = (userId: string, headers: Record<string, string>) => api.request(`/users/${userId}/calendar-token`, { method: "DELETE", headers });
/** The address's path, read from the absolute `url`. */
const pathOf = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  for (const eventId of ["ct-1", "ct-2"]) {
    expect((await api.json("POST", "/events", newEvent({ eventId, title: `Event ${eventId}` }), service)).status).toBe(201);
  }
  expect((await api.json("POST", "/events/ct-1/registrations", {}, ann)).status).toBe(201);
  expect((await api.json("POST", "/events/ct-2/registrations", { userId: "ann" }, service)).status).toBe(201);
});

describe("POST /users/{userId}/calendar-token", () => {
  it("201: an absolute address under the request's origin and base path, with a token of 256 random bits; private", async () => {
    const issued = await issue("ann", ann);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ url: expect.stringMatching(new RegExp(`^${api.baseUrl}/calendars/[A-Za-z0-9_-]{43}\\.ics$`)) });
    expect(issued.headers.get("cache-control")).toBe("private, no-store");
    const behindProxy = await issue("ann", { ...ann, "X-Forwarded-Prefix": "/events-api" });
    expect(behindProxy.body.url).toMatch(new RegExp(`^${api.baseUrl}/events-api/calendars/[A-Za-z0-9_-]{43}\\.ics$`));
  });

  it("the address serves the person's feed with no credential: the same body and ETag as /users/{userId}/calendar.ics, and its 304", async () => {
    const { url } = (await issue("ann", ann)).body;
    const secret = await api.request(pathOf(url));
    const personal = await api.request("/users/ann/calendar.ics", { headers: ann });
    expect([secret.status, personal.status]).toEqual([200, 200]);
    expect(secret.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(secret.headers.get("cache-control")).toBe("private, no-store");
    const etag = secret.headers.get("etag");
    expect(etag).toBe(personal.headers.get("etag"));
    const body = await secret.text();
    expect(body).toBe(await personal.text());
    expect(body).toContain("UID:ct-1@");
    expect(body).toContain("UID:ct-2@");

    const again = await api.request(pathOf(url), { headers: { "If-None-Match": etag! } });
    expect([again.status, again.headers.get("etag"), await again.text()]).toEqual([304, etag, ""]);
  });

  it("the feed follows the person's registrations (a new place changes the body and the ETag)", async () => {
    const { url } = (await issue("ann", ann)).body;
    const before = await api.request(pathOf(url));
    await api.json("POST", "/events", newEvent({ eventId: "ct-3" }), service);
    expect((await api.json("POST", "/events/ct-3/registrations", {}, ann)).status).toBe(201);
    const after = await api.request(pathOf(url));
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    expect(await after.text()).toContain("UID:ct-3@");
  });

  it("issuing again replaces the address: the old one is a 404 from then on", async () => {
    const first = (await issue("ann", ann)).body.url;
    const second = (await issue("ann", service)).body.url;
    expect(second).not.toBe(first);
    const old = await api.json("GET", pathOf(first));
    expect([old.status, old.headers.get("content-type")]).toEqual([404, "application/problem+json"]);
    expect(old.body.detail).toMatch(/^No calendar has this address/);
    expect((await api.request(pathOf(second))).status).toBe(200);
  });

  it("another person may not issue one for you (403); anyone 401", async () => {
    const forbidden = await issue("ann", ben);
    expect([forbidden.status, forbidden.body.detail]).toEqual([403, "This is another person's data"]);
    const anyone = await issue("ann", {});
    expect(anyone.status).toBe(401);
    expect(anyone.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
  });
});

describe("DELETE /users/{userId}/calendar-token", () => {
  it("revokes the address (404 from then on); 204 also when there is none", async () => {
    const { url } = (await issue("ann", ann)).body;
    expect((await revoke("ann", ann)).status).toBe(204);
    expect((await api.request(pathOf(url))).status).toBe(404);
    expect((await revoke("ann", ann)).status).toBe(204);
    expect((await revoke("nobody-yet", service)).status).toBe(204);
  });

  it("another person may not revoke yours (403), anyone 401; the address keeps working", async () => {
    const { url } = (await issue("ann", ann)).body;
    expect((await revoke("ann", ben)).status).toBe(403);
    expect((await revoke("ann", {})).status).toBe(401);
    expect((await api.request(pathOf(url))).status).toBe(200);
  });
});

describe("GET /calendars/{token}.ics", () => {
  it("an address never issued is a 404, whatever its shape; another method is a 405", async () => {
    for (const token of ["A".repeat(43), "short", "..", "x%2Fy"]) {
      expect((await api.request(`/calendars/${token}.ics`)).status, token).toBe(404);
    }
    const post = await api.request(`/calendars/${"A".repeat(43)}.ics`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});

describe("open mode", () => {
  const open = startTestApi();
  it("anyone issues and reads an address (everybody may do everything)", async () => {
    const openApi = await open;
    const issued = await openApi.json("POST", "/users/zoe/calendar-token");
    expect(issued.status).toBe(201);
    expect((await openApi.request(pathOf(issued.body.url))).status).toBe(200);
  });
});

/**
 * `Idempotency-Key`s are the caller's own, over HTTP: the same key sent by two
 * people (or two service keys) names two records; neither replays the other's
 * response nor learns that the key was used (no 422 for a body that differs
 * from the other caller's).
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { newEvent, startTestApi } from "./harness.js";
import { bearer } from "./auth-helpers.js";

const AUDIENCE = "http://localhost:8000";
const KEY_A = "idempotency-service-key-a-0123456789abcdef";
const KEY_B = "idempotency-service-key-b-0123456789abcdef";
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: `${KEY_A},${KEY_B}`, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
const amy = bearer(await issuer.token("amy"));
const bob = bearer(await issuer.token("bob"));

const post = (path: string, body: unknown, headers: Record<string, string>, key: string) =>
  api.json("POST", path, body, { ...headers, "Idempotency-Key": key });

describe("POST /events: one key, two callers, two records", () => {
  it("the same key and body from two people: two events, each its own owner's; each retry replays its own", async () => {
    const body = newEvent({ title: "Same key, same body" });
    const first = await post("/events", body, amy, "create-1");
    const second = await post("/events", body, bob, "create-1");
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.eventId).not.toBe(first.body.eventId);
    expect([first.body.ownerId, second.body.ownerId]).toEqual(["amy", "bob"]);

    const amyAgain = await post("/events", body, amy, "create-1");
    const bobAgain = await post("/events", body, bob, "create-1");
    expect([amyAgain.status, amyAgain.body, amyAgain.headers.get("location")]).toEqual([201, first.body, first.headers.get("location")]);
    expect([bobAgain.status, bobAgain.body]).toEqual([201, second.body]);
  });

  it("another body under someone else's key is not a 422: nothing tells that the key was used", async () => {
    const amys = await post("/events", newEvent({ title: "Amy's" }), amy, "create-2");
    expect(amys.status).toBe(201);
    const probe = await post("/events", newEvent({ title: "Bob's probe" }), bob, "create-2");
    expect([probe.status, probe.body.title, probe.body.ownerId]).toEqual([201, "Bob's probe", "bob"]);
    // Her own key with another body is her own mismatch.
    expect((await post("/events", newEvent({ title: "Amy's other" }), amy, "create-2")).status).toBe(422);
  });

  it("two service keys are two callers too; a person and a service as well", async () => {
    const body = newEvent({ title: "Services" });
    const a = await post("/events", body, { "X-Api-Key": KEY_A }, "create-3");
    const b = await post("/events", body, { "X-Api-Key": KEY_B }, "create-3");
    const person = await post("/events", body, amy, "create-3");
    expect(new Set([a.body.eventId, b.body.eventId, person.body.eventId]).size).toBe(3);
    expect((await post("/events", body, { "X-Api-Key": KEY_A }, "create-3")).body).toEqual(a.body);
  });
});

describe("POST /events/{eventId}/registrations: one key, two callers, two records", () => {
  it("two people registering themselves with one key: two registrations; retries replay each one's", async () => {
    expect((await api.json("POST", "/events", newEvent({ eventId: "idem-reg", capacity: 10 }), { "X-Api-Key": KEY_A })).status).toBe(201);
    const amys = await post("/events/idem-reg/registrations", {}, amy, "register-1");
    const bobs = await post("/events/idem-reg/registrations", {}, bob, "register-1");
    expect([amys.status, amys.body.userId, bobs.status, bobs.body.userId]).toEqual([201, "amy", 201, "bob"]);
    expect((await post("/events/idem-reg/registrations", {}, amy, "register-1")).body).toEqual(amys.body);
    expect((await post("/events/idem-reg/registrations", {}, bob, "register-1")).body).toEqual(bobs.body);
  });

  it("a service's key used by a person (another body) is not a 422, and does not replay the service's registration", async () => {
    const service = await post("/events/idem-reg/registrations", { userId: "carl" }, { "X-Api-Key": KEY_A }, "register-2");
    expect([service.status, service.body.userId]).toEqual([201, "carl"]);
    // Amy is registered already (409): the answer is about her, never the service's recorded 201.
    const amys = await post("/events/idem-reg/registrations", {}, amy, "register-2");
    expect([amys.status, amys.body.detail]).toEqual([409, "User 'amy' is already registered for this event"]);
  });
});

/**
 * A change that failed sends nothing: a 409 (duplicate id, a full event, a
 * lowering of capacity below the registered), a 412 (If-Match), a 422 and a 403
 * write no message. A later successful change's message arrives, and the
 * deliveries log then holds exactly the messages of the changes that committed.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { expectKeys, startSecuredDelivery, subscribe } from "./webhooks-delivery-helpers.js";

const { api, service, alice, bob, receiver } = await startSecuredDelivery();
const endpoint = await subscribe(api, receiver, "/all", {}, service);

describe("failed changes send nothing", () => {
  it("409, 412, 422 and 403 write no message; the next committed change's message arrives and nothing else did", async () => {
    // What commits: alice's event and two registrations that fill it (no waitlist). The ETag of its creation is stale after them.
    const created = await api.json("POST", "/events", newEvent({ eventId: "failing", capacity: 2 }), alice);
    expect(created.status).toBe(201);
    const staleEtag = created.headers.get("etag")!;
    for (const userId of ["carl", "dan"]) expect((await api.json("POST", "/events/failing/registrations", { userId }, service)).status).toBe(201);
    const committed = ["event.created failing", "registration.created failing carl", "registration.created failing dan"];
    const before = (await api.json("GET", "/events/failing", undefined, service)).body;

    const failures: [string, number, () => Promise<{ status: number }>][] = [
      ["a duplicate eventId", 409, () => api.json("POST", "/events", newEvent({ eventId: "failing" }), service)],
      ["a full event without a waitlist", 409, () => api.json("POST", "/events/failing/registrations", { userId: "dora" }, service)],
      ["carl registering twice", 409, () => api.json("POST", "/events/failing/registrations", { userId: "carl" }, service)],
      ["capacity below the registered", 409, () => api.json("PUT", "/events/failing", { capacity: 1 }, alice)],
      ["a stale If-Match on PUT", 412, () => api.json("PUT", "/events/failing", { title: "Stale" }, { ...alice, "If-Match": staleEtag })],
      ["a stale If-Match on DELETE", 412, () => api.json("DELETE", "/events/failing", undefined, { ...alice, "If-Match": staleEtag })],
      ["an invalid update", 422, () => api.json("PUT", "/events/failing", { capacity: "many" }, alice)],
      ["an invalid create", 422, () => api.json("POST", "/events", newEvent({ eventId: "never", capacity: 1.5 }), service)],
      ["somebody else's update", 403, () => api.json("PUT", "/events/failing", { title: "Bob's now" }, bob)],
      ["somebody else's delete", 403, () => api.json("DELETE", "/events/failing", undefined, bob)],
      ["registering somebody else", 403, () => api.json("POST", "/events/failing/registrations", { userId: "alice" }, bob)],
    ];
    for (const [what, status, attempt] of failures) expect((await attempt()).status, what).toBe(status);
    // Unchanged by all of that.
    expect((await api.json("GET", "/events/failing", undefined, service)).body).toEqual(before);

    // A change that commits after them: its message arrives, and once it has, the log holds only what committed.
    expect((await api.json("POST", "/events", newEvent({ eventId: "after" }), service)).status).toBe(201);
    await expectKeys(api, receiver, "/all", endpoint.webhookId, [...committed, "event.created after"], service);
  });
});

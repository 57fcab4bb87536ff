/**
 * Whose messages an endpoint gets, on a secured server: a person's endpoint
 * only the messages of events that person owns (also registrations other people
 * make for them), a service's every event's; another person's endpoint is a 404
 * to them, whatever they try with it.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { expectKeys, startSecuredDelivery, subscribe } from "./webhooks-delivery-helpers.js";

const { api, service, alice, bob, receiver } = await startSecuredDelivery();

const aliceEndpoint = await subscribe(api, receiver, "/alice", {}, alice);
const bobEndpoint = await subscribe(api, receiver, "/bob", {}, bob);
const serviceEndpoint = await subscribe(api, receiver, "/service", {}, service);

describe("person and service endpoints", () => {
  it("a person's endpoint gets only their events' messages; a service's gets every event's", async () => {
    expect(aliceEndpoint.body.ownerId).toBe("alice");
    expect(bobEndpoint.body.ownerId).toBe("bob");
    expect((await api.json("POST", "/events", newEvent({ eventId: "alices" }), alice)).status).toBe(201);
    expect((await api.json("POST", "/events", newEvent({ eventId: "bobs" }), bob)).status).toBe(201);
    expect((await api.json("POST", "/events", newEvent({ eventId: "nobodys" }), service)).status).toBe(201);
    // Alice registers for Bob's event: Bob's event, so Bob's message, not hers.
    expect((await api.json("POST", "/events/bobs/registrations", {}, alice)).status).toBe(201);
    expect((await api.json("POST", "/events/alices/registrations", {}, bob)).status).toBe(201);
    expect((await api.json("PUT", "/events/nobodys", { title: "Service's own" }, service)).status).toBe(200);

    const everything = [
      "event.created alices",
      "event.created bobs",
      "event.created nobodys",
      "event.updated nobodys",
      "registration.created alices bob",
      "registration.created bobs alice",
    ];
    await expectKeys(api, receiver, "/service", serviceEndpoint.webhookId, everything, service);
    // Each change has reached the service's endpoint, so every endpoint's share has been decided.
    await expectKeys(api, receiver, "/alice", aliceEndpoint.webhookId, ["event.created alices", "registration.created alices bob"], alice);
    await expectKeys(api, receiver, "/bob", bobEndpoint.webhookId, ["event.created bobs", "registration.created bobs alice"], bob);
  });

  it("an eventId a person does not own is a 403; their own is fine", async () => {
    const theirs = await api.json("POST", "/webhooks", { url: receiver.url("/nope"), eventId: "bobs" }, alice);
    expect(theirs.status).toBe(403);
    const own = await api.json("POST", "/webhooks", { url: receiver.url("/alices-only"), eventId: "alices" }, alice);
    expect(own.status).toBe(201);
  });

  it("another person's endpoint is a 404 to them for every operation; a service reaches it", async () => {
    const id = bobEndpoint.webhookId;
    const messageId = receiver.messages("/bob")[0]!.id;
    const attempts: [string, string, unknown][] = [
      ["GET", `/webhooks/${id}`, undefined],
      ["PUT", `/webhooks/${id}`, { enabled: false }],
      ["POST", `/webhooks/${id}/secret`, undefined],
      ["GET", `/webhooks/${id}/deliveries`, undefined],
      ["POST", `/webhooks/${id}/deliveries/${messageId}/retry`, undefined],
      ["DELETE", `/webhooks/${id}`, undefined],
    ];
    for (const [method, path, body] of attempts) expect((await api.json(method, path, body, alice)).status, `${method} ${path}`).toBe(404);
    const aliceList = await api.json("GET", "/webhooks", undefined, alice);
    expect(aliceList.body.map((endpoint: { webhookId: string }) => endpoint.webhookId)).not.toContain(id);

    // Still Bob's, untouched: a service sees it enabled, and anyone without a credential is a 401.
    const read = await api.json("GET", `/webhooks/${id}`, undefined, service);
    expect([read.status, read.body.enabled, read.body.ownerId]).toEqual([200, true, "bob"]);
    expect((await api.json("GET", `/webhooks/${id}`)).status).toBe(401);
  });
});

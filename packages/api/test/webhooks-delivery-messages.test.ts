/**
 * Each message type arrives at a real receiver from the change that makes it,
 * signed, as `{type, timestamp, data}` with exactly the committed `data`, under
 * a `webhook-id` that is the deliveries log's messageId.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { awaitMessage, deliveries, keysOn, startDeliveryApi, subscribe } from "./webhooks-delivery-helpers.js";

const api = await startDeliveryApi();
const receiver = await startFileReceiver();
const endpoint = await subscribe(api, receiver, "/all");

/** What the API answered for a registration, as GET shows it now. */
const registration = async (eventId: string, userId: string) => (await api.json("GET", `/events/${eventId}/registrations/${userId}`)).body;

describe("each change's message", () => {
  it("event.created, event.updated, event.deleted: the event after the change, and as it was", async () => {
    const created = await api.json("POST", "/events", newEvent({ eventId: "msg-event" }));
    expect(created.status).toBe(201);
    const createdMessage = await awaitMessage(receiver, "/all", "event.created msg-event");
    expect(createdMessage.json).toEqual({ type: "event.created", timestamp: expect.any(String), data: created.body });

    const updated = await api.json("PUT", "/events/msg-event", { title: "Renamed", capacity: 700 });
    expect(updated.status).toBe(200);
    const updatedMessage = await awaitMessage(receiver, "/all", "event.updated msg-event");
    expect(updatedMessage.json).toEqual({ type: "event.updated", timestamp: expect.any(String), data: updated.body });
    expect(updatedMessage.json.data).toMatchObject({ title: "Renamed", capacity: 700, version: 2 });

    const before = (await api.json("GET", "/events/msg-event")).body;
    expect((await api.request("/events/msg-event", { method: "DELETE" })).status).toBe(204);
    const deletedMessage = await awaitMessage(receiver, "/all", "event.deleted msg-event");
    expect(deletedMessage.json).toEqual({ type: "event.deleted", timestamp: expect.any(String), data: before });
  });

  it("registration.created, registered and waitlisted (with position); promoted after a cancellation and after a raise; cancelled", async () => {
    const eventId = "msg-drop";
    expect((await api.json("POST", "/events", newEvent({ eventId, capacity: 1, waitlistEnabled: true }))).status).toBe(201);
    const ada = await api.json("POST", `/events/${eventId}/registrations`, { userId: "ada", name: "Ada Lovelace" });
    const bob = await api.json("POST", `/events/${eventId}/registrations`, { userId: "bob" });
    const cy = await api.json("POST", `/events/${eventId}/registrations`, { userId: "cy" });
    expect([ada.body.status, bob.body.position, cy.body.position]).toEqual(["registered", 1, 2]);

    for (const [userId, answer] of [["ada", ada], ["bob", bob], ["cy", cy]] as const) {
      const message = await awaitMessage(receiver, "/all", `registration.created ${eventId} ${userId}`);
      expect(message.json).toEqual({ type: "registration.created", timestamp: expect.any(String), data: answer.body });
    }

    // Ada leaves: her registration as it was, and Bob, first in line, gets her place.
    const adaAsItWas = await registration(eventId, "ada");
    expect((await api.request(`/events/${eventId}/registrations/ada`, { method: "DELETE" })).status).toBe(204);
    const cancelled = await awaitMessage(receiver, "/all", `registration.cancelled ${eventId} ada`);
    expect(cancelled.json).toEqual({ type: "registration.cancelled", timestamp: expect.any(String), data: adaAsItWas });
    const promotedBob = await awaitMessage(receiver, "/all", `registration.promoted ${eventId} bob`);
    const bobNow = await registration(eventId, "bob");
    expect(bobNow).toMatchObject({ status: "registered" });
    expect(bobNow).not.toHaveProperty("position");
    expect(promotedBob.json).toEqual({ type: "registration.promoted", timestamp: expect.any(String), data: bobNow });

    // A raise of capacity gives Cy a place.
    const beforeRaise = (await api.json("GET", `/events/${eventId}`)).body;
    const raised = await api.json("PUT", `/events/${eventId}`, { capacity: 2 });
    expect(raised.status).toBe(200);
    const promotedCy = await awaitMessage(receiver, "/all", `registration.promoted ${eventId} cy`);
    const cyNow = await registration(eventId, "cy");
    expect(cyNow).toMatchObject({ status: "registered" });
    expect(promotedCy.json).toEqual({ type: "registration.promoted", timestamp: expect.any(String), data: cyNow });
    // event.updated: the event as the raise committed it; Cy's promotion is the next step, with its own message
    // (the API's answer shows the event after both).
    const raise = await awaitMessage(receiver, "/all", `event.updated ${eventId}`);
    expect(raise.json.data).toEqual({ ...beforeRaise, capacity: 2, version: beforeRaise.version + 1, updatedAt: expect.any(String) });
    expect(raised.body).toMatchObject({ registeredCount: 2, waitlistCount: 0 });
  });

  it("registration.cancelled for each registration when its event is deleted, then event.deleted", async () => {
    const eventId = "msg-cascade";
    expect((await api.json("POST", "/events", newEvent({ eventId, capacity: 1, waitlistEnabled: true }))).status).toBe(201);
    expect((await api.json("POST", `/events/${eventId}/registrations`, { userId: "dee" })).status).toBe(201);
    expect((await api.json("POST", `/events/${eventId}/registrations`, { userId: "eve" })).status).toBe(201);
    const asTheyWere = { dee: await registration(eventId, "dee"), eve: await registration(eventId, "eve") };
    expect(asTheyWere.eve).toMatchObject({ status: "waitlisted", position: 1 });
    const eventAsItWas = (await api.json("GET", `/events/${eventId}`)).body;

    expect((await api.request(`/events/${eventId}`, { method: "DELETE" })).status).toBe(204);
    const deleted = await awaitMessage(receiver, "/all", `event.deleted ${eventId}`);
    expect(deleted.json.data).toEqual(eventAsItWas);
    for (const userId of ["dee", "eve"] as const) {
      const message = await awaitMessage(receiver, "/all", `registration.cancelled ${eventId} ${userId}`);
      // The registration as it was, without a place in a line that no longer exists.
      const { position: _leftOut, ...asItWas } = asTheyWere[userId];
      expect(message.json).toEqual({ type: "registration.cancelled", timestamp: expect.any(String), data: asItWas });
    }
  });

  it("exactly these messages; each JSON with Standard Webhooks headers, its webhook-id the deliveries log's messageId, delivered", async () => {
    // Every change above made exactly one message (a registration's count change is not an event.updated).
    const expected = [
      ...["event.created", "event.updated", "event.deleted"].map((type) => `${type} msg-event`),
      "event.created msg-drop",
      ...["ada", "bob", "cy"].map((userId) => `registration.created msg-drop ${userId}`),
      "registration.cancelled msg-drop ada",
      "registration.promoted msg-drop bob",
      "event.updated msg-drop",
      "registration.promoted msg-drop cy",
      "event.created msg-cascade",
      ...["dee", "eve"].flatMap((userId) => [`registration.created msg-cascade ${userId}`, `registration.cancelled msg-cascade ${userId}`]),
      "event.deleted msg-cascade",
    ].sort();
    await expect.poll(() => keysOn(receiver, "/all"), { timeout: 15_000 }).toEqual(expected);
    await expect
      .poll(async () => (await deliveries(api, endpoint.webhookId)).filter((delivery) => delivery.status === "delivered").length, { timeout: 15_000 })
      .toBe(expected.length);
    const received = receiver.messages("/all");
    for (const message of received) {
      expect(message.contentType).toBe("application/json");
      expect(Object.keys(message.json).sort()).toEqual(["data", "timestamp", "type"]);
      expect(message.id).toMatch(/^msg_[0-9A-Za-z]{10,40}$/);
      expect(message.signatureCount).toBe(1);
      expect(new Date(message.json.timestamp).toISOString()).toBe(message.json.timestamp);
    }
    const log = await deliveries(api, endpoint.webhookId);
    // One delivery per message, newest first; each matches what arrived under its webhook-id.
    expect(log.map((delivery) => delivery.messageId).sort()).toEqual(receiver.ids("/all").sort());
    expect(log.map((delivery) => delivery.messageId)).toEqual([...log.map((delivery) => delivery.messageId)].sort().reverse());
    for (const delivery of log) {
      const message = received.find((candidate) => candidate.id === delivery.messageId)!;
      expect([delivery.type, delivery.createdAt, delivery.nextAttemptAt]).toEqual([message.json.type, message.json.timestamp, null]);
      expect(delivery.attempts).toEqual([{ at: expect.any(String), durationMs: expect.any(Number), status: 200 }]);
    }
    expect(receiver.failures()).toEqual([]);
  });
});

/**
 * The webhooks' outbox through the core's API: every change the contract lists
 * writes exactly its messages (type, owner, `data` as committed) in its own
 * transaction, and a change that fails or is refused writes none. Nothing
 * fans the messages out here, so the outbox holds every message written.
 */
import { describe, expect, it, vi } from "vitest";
import {
  AlreadyRegisteredError,
  CapacityBelowRegisteredError,
  EventAlreadyExistsError,
  EventFullError,
  EventNotFoundError,
  EventSchema,
  ForbiddenError,
  RegistrationSchema,
  SERVICE,
  VersionMismatchError,
  WaitlistNotEmptyError,
  WEBHOOK_SHARDS,
  type Actor,
  type Event,
  type MessageType,
  type Registration,
} from "../src/index.js";
import { createStore } from "../src/model/store.js";
import { readOutbox, type MessageItem } from "../src/webhooks/outbox.js";
import { rejection, validInput } from "./helpers.js";
import { crashAfterEventItemDelete, inParallel, newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { client, tableName, events, registrations, openEvent } = await registrationStore();
const store = createStore(client, tableName);

const person = (userId: string): Actor => ({ kind: "person", userId });
const OWNER = "olga";

/** Every message in the outbox about this event, oldest first, over every shard. */
async function messagesOf(eventId: string): Promise<MessageItem[]> {
  const shards = await Promise.all(Array.from({ length: WEBHOOK_SHARDS }, (_, shard) => readOutbox(store, shard, { limit: 10_000 })));
  return shards
    .flat()
    .filter((message) => message.eventId === eventId)
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.messageId.localeCompare(b.messageId));
}

const ofType = (messages: MessageItem[], type: MessageType) => messages.filter((message) => message.type === type);
const eventData = (message: MessageItem): Event => EventSchema.parse(JSON.parse(message.data));
const registrationData = (message: MessageItem): Registration => RegistrationSchema.parse(JSON.parse(message.data));

/** A published event owned by OWNER (created by a service), without its `event.created` in the way of later counts. */
const ownedEvent = (overrides: Parameters<typeof openEvent>[0] = {}) => openEvent({ ownerId: OWNER, ...overrides });

const register = (eventId: string, userId: string) => registrations.create(eventId, { userId, name: `Person ${userId}` }, SERVICE);

describe("event changes", () => {
  it("a create writes one event.created with the event as returned and its owner", async () => {
    const event = await events.create(validInput({ eventId: newId("evt") }), person(OWNER));
    const messages = await messagesOf(event.eventId);
    expect(messages.map((message) => message.type)).toEqual(["event.created"]);
    expect(messages[0]).toMatchObject({ ownerId: OWNER, timestamp: event.createdAt });
    expect(eventData(messages[0]!)).toEqual(event);
  });

  it("a create with an Idempotency-Key writes its message once, however often it is retried", async () => {
    const input = validInput({ eventId: newId("evt") });
    const options = { idempotencyKey: newId("key"), idempotencyScope: "test" };
    const first = await events.create(input, SERVICE, options);
    expect(await events.create(input, SERVICE, options)).toEqual(first);
    const messages = await messagesOf(first.eventId);
    expect(messages.map((message) => message.type)).toEqual(["event.created"]);
    expect(messages[0]!.ownerId, "no owner: only services' endpoints get it").toBeUndefined();
    expect(eventData(messages[0]!)).toEqual(first);
  });

  it("an update writes one event.updated with the event as committed", async () => {
    const event = await ownedEvent();
    const updated = await events.update(event.eventId, { title: "Renamed", capacity: 80 }, person(OWNER), { expectedVersions: [event.version] });
    const messages = ofType(await messagesOf(event.eventId), "event.updated");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ownerId: OWNER, timestamp: updated.updatedAt });
    expect(eventData(messages[0]!)).toEqual(updated);
    expect(updated).toEqual(await events.get(event.eventId, SERVICE));
  });

  it("an update after registrations carries their counts and the version they left", async () => {
    const event = await ownedEvent({ capacity: 1, waitlistEnabled: true });
    await register(event.eventId, "ada");
    await register(event.eventId, "bob");
    const updated = await events.update(event.eventId, { date: "2025-01-20T10:00:00Z" }, SERVICE);
    expect(updated).toMatchObject({ registeredCount: 1, waitlistCount: 1, version: event.version + 3 });
    const [message] = ofType(await messagesOf(event.eventId), "event.updated");
    expect(eventData(message!)).toEqual(updated);
  });

  it("a hand-over names the new owner", async () => {
    const event = await ownedEvent();
    const updated = await events.update(event.eventId, { ownerId: "nina" }, SERVICE);
    const [message] = ofType(await messagesOf(event.eventId), "event.updated");
    expect(message!.ownerId).toBe("nina");
    expect(eventData(message!)).toEqual(updated);
  });

  it("a delete writes one event.deleted with the event as it was", async () => {
    const event = await ownedEvent();
    const before = await events.update(event.eventId, { title: "Last title" }, SERVICE);
    await events.delete(event.eventId, person(OWNER), { expectedVersions: [before.version] });
    const messages = await messagesOf(event.eventId);
    expect(messages.map((message) => message.type)).toEqual(["event.created", "event.updated", "event.deleted"]);
    expect(messages[2]!.ownerId).toBe(OWNER);
    expect(eventData(messages[2]!)).toEqual(before);
  });
});

describe("changes that fail write nothing", () => {
  it("a duplicate create (409)", async () => {
    const event = await ownedEvent();
    await rejection(events.create(validInput({ eventId: event.eventId }), SERVICE), EventAlreadyExistsError);
    await rejection(
      events.create(validInput({ eventId: event.eventId }), SERVICE, { idempotencyKey: newId("key"), idempotencyScope: "test" }),
      EventAlreadyExistsError,
    );
    expect((await messagesOf(event.eventId)).map((message) => message.type)).toEqual(["event.created"]);
  });

  it("an update or a delete with another version (412)", async () => {
    const event = await ownedEvent();
    await rejection(events.update(event.eventId, { title: "No" }, SERVICE, { expectedVersions: [event.version + 1] }), VersionMismatchError);
    await rejection(events.update(event.eventId, { title: "No" }, SERVICE, { expectedVersions: [] }), VersionMismatchError);
    await rejection(events.delete(event.eventId, SERVICE, { expectedVersions: [event.version + 1] }), VersionMismatchError);
    expect((await messagesOf(event.eventId)).map((message) => message.type)).toEqual(["event.created"]);
  });

  it("a write by someone who does not own the event, or by anyone (403)", async () => {
    const event = await ownedEvent({ capacity: 1 });
    await rejection(events.update(event.eventId, { title: "Mine now" }, person("mallory")), ForbiddenError);
    await rejection(events.delete(event.eventId, person("mallory")), ForbiddenError);
    await rejection(events.update(event.eventId, { title: "Mine now" }, { kind: "anyone" }), ForbiddenError);
    await rejection(registrations.create(event.eventId, { userId: "ada" }, person("mallory")), ForbiddenError);
    await register(event.eventId, "ada");
    await rejection(registrations.delete(event.eventId, "ada", person("mallory")), ForbiddenError);
    await rejection(events.create(validInput({ eventId: newId("evt") }), { kind: "anyone" }), ForbiddenError);
    expect((await messagesOf(event.eventId)).map((message) => message.type)).toEqual(["event.created", "registration.created"]);
  });

  it("a join of a full event without a waitlist, a second join of one person", async () => {
    const event = await ownedEvent({ capacity: 1 });
    await register(event.eventId, "ada");
    await rejection(register(event.eventId, "bob"), EventFullError);
    await rejection(register(event.eventId, "ada"), AlreadyRegisteredError);
    expect((await messagesOf(event.eventId)).map((message) => message.type)).toEqual(["event.created", "registration.created"]);
  });

  it("closing a waitlist with people in it, a capacity below the registered", async () => {
    const event = await ownedEvent({ capacity: 2, waitlistEnabled: true });
    for (const userId of ["ada", "bob", "cyd"]) await register(event.eventId, userId);
    await rejection(events.update(event.eventId, { waitlistEnabled: false }, SERVICE), WaitlistNotEmptyError);
    await rejection(events.update(event.eventId, { capacity: 1 }, SERVICE), CapacityBelowRegisteredError);
    expect(ofType(await messagesOf(event.eventId), "event.updated")).toEqual([]);
  });

  it("a delete of a missing event (404)", async () => {
    const eventId = newId("missing");
    await rejection(events.delete(eventId, SERVICE), EventNotFoundError);
    await rejection(events.update(eventId, { title: "Nobody" }, SERVICE), EventNotFoundError);
    expect(await messagesOf(eventId)).toEqual([]);
  });
});

describe("changes of places", () => {
  it("a join writes registration.created with the registration, and its position while waitlisted", async () => {
    const event = await ownedEvent({ capacity: 1, waitlistEnabled: true });
    const ada = await register(event.eventId, "ada");
    const bob = await register(event.eventId, "bob");
    expect(bob).toMatchObject({ status: "waitlisted", position: 1 });
    const created = ofType(await messagesOf(event.eventId), "registration.created");
    expect(created.map(registrationData)).toEqual([ada, bob]);
    expect(created.map((message) => message.ownerId)).toEqual([OWNER, OWNER]);
  });

  it("a leave writes registration.cancelled as it was, and the first in line's registration.promoted", async () => {
    const event = await ownedEvent({ capacity: 1, waitlistEnabled: true });
    const ada = await register(event.eventId, "ada");
    const bob = await register(event.eventId, "bob");
    const cyd = await register(event.eventId, "cyd");
    await registrations.delete(event.eventId, "ada", person("ada"));
    const promotedNow = await registrations.get(event.eventId, "bob", SERVICE);
    await registrations.delete(event.eventId, "cyd", SERVICE);

    const messages = await messagesOf(event.eventId);
    const cancelled = ofType(messages, "registration.cancelled");
    expect(cancelled.map(registrationData)).toEqual([ada, { ...cyd, position: undefined }].map(withoutUndefined));
    const promoted = ofType(messages, "registration.promoted");
    expect(promoted.map(registrationData)).toEqual([promotedNow]);
    expect(promotedNow).toEqual({ ...withoutUndefined({ ...bob, position: undefined }), status: "registered", updatedAt: promotedNow.updatedAt });
    expect(promotedNow.updatedAt > bob.updatedAt).toBe(true);
    expect([...cancelled, ...promoted].every((message) => message.ownerId === OWNER)).toBe(true);
  });

  it("a raise of capacity that promotes 60 people in steps writes 60 registration.promoted", async () => {
    const event = await ownedEvent({ capacity: 1, waitlistEnabled: true });
    const joined = await inParallel(
      Array.from({ length: 61 }, (_, i) => () => register(event.eventId, `p${String(i).padStart(2, "0")}`)),
      4,
    );
    expect(joined.every((result) => result.status === "fulfilled")).toBe(true);
    const raised = await events.update(event.eventId, { capacity: 61 }, SERVICE);
    expect(raised).toMatchObject({ registeredCount: 61, waitlistCount: 0 });

    const messages = await messagesOf(event.eventId);
    const promoted = ofType(messages, "registration.promoted").map(registrationData);
    expect(promoted).toHaveLength(60);
    expect(new Set(promoted.map((registration) => registration.userId)).size).toBe(60);
    for (const registration of promoted) {
      expect(registration.status).toBe("registered");
      expect(registration).not.toHaveProperty("position");
      expect(registration).toEqual(await registrations.get(event.eventId, registration.userId, SERVICE));
    }
    const [updated] = ofType(messages, "event.updated");
    expect(eventData(updated!)).toMatchObject({ capacity: 61, registeredCount: 1, waitlistCount: 60 });
  });

  it("racing joins: the waitlisted ones' positions are exactly 1..15, the registered ones have none", async () => {
    const event = await ownedEvent({ capacity: 5, waitlistEnabled: true });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => register(event.eventId, `racer${i}`)));
    const created = ofType(await messagesOf(event.eventId), "registration.created").map(registrationData);
    expect(created).toHaveLength(20);
    const registered = created.filter((registration) => registration.status === "registered");
    const waitlisted = created.filter((registration) => registration.status === "waitlisted");
    expect(registered).toHaveLength(5);
    for (const registration of registered) expect(registration).not.toHaveProperty("position");
    expect(waitlisted.map((registration) => registration.position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    // Nobody left: each message says what the join answered.
    const byUser = new Map(answers.map((answer) => [answer.userId, answer]));
    for (const registration of created) expect(registration).toEqual(byUser.get(registration.userId));
  });
});

describe("the cascade of a deleted event", () => {
  it("a delete of an event with 70 registrations writes event.deleted and 70 registration.cancelled", async () => {
    const event = await ownedEvent({ capacity: 50, waitlistEnabled: true });
    const joined = await inParallel(
      Array.from({ length: 70 }, (_, i) => () => register(event.eventId, `guest${String(i).padStart(2, "0")}`)),
      4,
    );
    const held = joined.map((result) => (result.status === "fulfilled" ? result.value : undefined));
    expect(held.every((registration) => registration !== undefined)).toBe(true);
    const before = await events.get(event.eventId, SERVICE);
    await events.delete(event.eventId, SERVICE);

    const messages = await messagesOf(event.eventId);
    const [deleted, ...others] = ofType(messages, "event.deleted");
    expect(others).toEqual([]);
    expect(eventData(deleted!)).toEqual(before);
    const cancelled = ofType(messages, "registration.cancelled");
    expect(cancelled).toHaveLength(70);
    expect(cancelled.every((message) => message.ownerId === OWNER)).toBe(true);
    const asWas = new Map(held.map((registration) => [registration!.userId, withoutUndefined({ ...registration!, position: undefined })]));
    for (const registration of cancelled.map(registrationData)) expect(registration).toEqual(asWas.get(registration.userId));
    expect(cancelled.map(registrationData).filter((registration) => registration.status === "waitlisted")).toHaveLength(20);
  });

  it("a cascade that several callers finish at once writes each registration's message once", async () => {
    const event = await ownedEvent({ capacity: 40 });
    await inParallel(Array.from({ length: 40 }, (_, i) => () => register(event.eventId, `twice${i}`)), 4);
    // A delete that died between its event item and its cascade: every reader that finds the event missing finishes it.
    await crashAfterEventItemDelete(client, tableName, event.eventId);
    await Promise.all(Array.from({ length: 3 }, () => rejection(events.get(event.eventId, SERVICE), EventNotFoundError)));
    const cancelled = ofType(await messagesOf(event.eventId), "registration.cancelled");
    expect(new Set(cancelled.map((message) => registrationData(message).userId)).size).toBe(40);
    expect(cancelled).toHaveLength(40);
  });
});

/** The registration without the fields set to undefined (as JSON leaves them out). */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

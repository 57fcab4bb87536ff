/**
 * Registrations through the core's API, one rule at a time: who gets a place,
 * the waitlist, the errors, the lists and their pages, and the event changes
 * that touch places.
 */
import { describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import {
  AlreadyRegisteredError,
  CapacityBelowRegisteredError,
  EventFullError,
  EventNotFoundError,
  EventNotOpenError,
  InvalidQueryError,
  RegistrationNotFoundError,
  RegistrationSchema,
  UserRegistrationSchema,
  WaitlistNotEmptyError,
  EventSchema,
  CreateRegistrationInputSchema,
  ListRegistrationsInputSchema,
  ListUserRegistrationsInputSchema,
  UserIdSchema,
  SERVICE,
} from "../src/index.js";
import { loose, rejection, validInput, schemaError } from "./helpers.js";
import { crashAfterCapacityWrite, crashAfterEventItemDelete, inParallel, newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { client, tableName, events, registrations, openEvent, allRegistrations, assertInvariants } = await registrationStore();

const register = (eventId: string, userId: string, extra: { name?: string; email?: string } = {}) =>
  registrations.create(eventId, { userId, ...extra }, SERVICE);

describe("register", () => {
  it("gives a free place: registered, no position, the event's count and version go up", async () => {
    const event = await openEvent({ capacity: 2 });
    const registration = await register(event.eventId, "ada", { name: "Ada Lovelace", email: "ada@example.com" });
    expect(registration).toEqual({
      eventId: event.eventId,
      userId: "ada",
      name: "Ada Lovelace",
      email: "ada@example.com",
      status: "registered",
      createdAt: registration.createdAt,
      updatedAt: registration.createdAt,
    });
    expect(registration).not.toHaveProperty("position");
    expect(RegistrationSchema.parse(registration)).toEqual(registration);
    expect(await registrations.get(event.eventId, "ada", SERVICE)).toEqual(registration);
    const after = await events.get(event.eventId, SERVICE);
    expect(after).toMatchObject({ registeredCount: 1, waitlistCount: 0, version: event.version + 1 });
    expect(EventSchema.parse(after)).toEqual(after);
    await assertInvariants(event.eventId);
  });

  it("a full event with a waitlist puts people in line, numbered from 1", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    await register(event.eventId, "a");
    const b = await register(event.eventId, "b");
    const c = await register(event.eventId, "c");
    expect([b.status, b.position, c.status, c.position]).toEqual(["waitlisted", 1, "waitlisted", 2]);
    expect(await registrations.get(event.eventId, "c", SERVICE)).toEqual(c);
    expect(await events.get(event.eventId, SERVICE)).toMatchObject({ registeredCount: 1, waitlistCount: 2 });
    await assertInvariants(event.eventId);
  });

  it("a full event without a waitlist is EventFullError, and nothing is written", async () => {
    const event = await openEvent({ capacity: 1 });
    await register(event.eventId, "a");
    const before = await events.get(event.eventId, SERVICE);
    const error = await rejection(register(event.eventId, "b"), EventFullError);
    expect(error.message).toBe("The event is full and has no waitlist");
    expect(await events.get(event.eventId, SERVICE)).toEqual(before);
    await rejection(registrations.get(event.eventId, "b", SERVICE), RegistrationNotFoundError);
  });

  it("the same person twice is AlreadyRegisteredError, saying registered or waitlisted", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    await register(event.eventId, "a");
    await register(event.eventId, "b");
    const registered = await rejection(register(event.eventId, "a"), AlreadyRegisteredError);
    expect([registered.status, registered.message]).toEqual(["registered", "User 'a' is already registered for this event"]);
    const waitlisted = await rejection(register(event.eventId, "b", { name: "Other" }), AlreadyRegisteredError);
    expect([waitlisted.status, waitlisted.message]).toEqual(["waitlisted", "User 'b' is already on this event's waitlist"]);
    await assertInvariants(event.eventId);
  });

  it("user ids are case-sensitive: USER and user are two people", async () => {
    const event = await openEvent({ capacity: 5 });
    await register(event.eventId, "user");
    expect((await register(event.eventId, "USER")).status).toBe("registered");
    expect((await assertInvariants(event.eventId)).registered.map((r) => r.userId)).toEqual(["user", "USER"]);
  });

  for (const status of ["draft", "cancelled", "completed"] as const) {
    it(`an event that is ${status} is EventNotOpenError`, async () => {
      const event = await openEvent({ status });
      const error = await rejection(register(event.eventId, "a"), EventNotOpenError);
      expect(error.message).toContain(`'${status}'`);
      expect((await events.get(event.eventId, SERVICE)).registeredCount).toBe(0);
    });
  }

  it("takes registrations while published or active", async () => {
    for (const status of ["published", "active"] as const) {
      const event = await openEvent({ status });
      expect((await register(event.eventId, "a")).status).toBe("registered");
    }
  });

  it("an unknown or impossible event id is EventNotFoundError", async () => {
    await rejection(register("no-such-event", "a"), EventNotFoundError);
    await rejection(register("a/b", "a"), EventNotFoundError);
  });

  it("validates the body: userId rules, name, email, unknown fields (ZodError, nothing written)", async () => {
    const event = await openEvent();
    const invalid = [
      {},
      { userId: "" },
      { userId: "." },
      { userId: "a b" },
      { userId: "x".repeat(129) },
      { userId: 5 },
      { userId: "a", name: "" },
      { userId: "a", name: "   " },
      { userId: "a", name: "x".repeat(201) },
      { userId: "a", email: "not-an-email" },
      { userId: "a", email: `${"x".repeat(250)}@example.com` },
      { userId: "a", status: "registered" },
      { userId: "a", position: 1 },
      { userId: "a", nmae: "typo" },
    ];
    for (const body of invalid) {
      expect(schemaError(CreateRegistrationInputSchema, loose(body)), JSON.stringify(body)).toBeInstanceOf(ZodError);
    }
    expect((await events.get(event.eventId, SERVICE)).version).toBe(event.version);
    expect((await register(event.eventId, "x".repeat(128), { name: "x".repeat(200) })).status).toBe("registered");
  });
});

describe("get", () => {
  it("an unknown person, or an unknown event, is not found", async () => {
    const event = await openEvent();
    await rejection(registrations.get(event.eventId, "nobody", SERVICE), RegistrationNotFoundError);
    await rejection(registrations.get(event.eventId, "a b", SERVICE), RegistrationNotFoundError);
    await rejection(registrations.get("no-such-event", "a", SERVICE), EventNotFoundError);
  });

  it("position follows the line as people ahead leave", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b", "c", "d"]) await register(event.eventId, u);
    expect((await registrations.get(event.eventId, "d", SERVICE)).position).toBe(3);
    await registrations.delete(event.eventId, "b", SERVICE);
    expect((await registrations.get(event.eventId, "d", SERVICE)).position).toBe(2);
    await registrations.delete(event.eventId, "a", SERVICE); // c gets the place
    expect(await registrations.get(event.eventId, "c", SERVICE)).not.toHaveProperty("position");
    expect((await registrations.get(event.eventId, "d", SERVICE)).position).toBe(1);
    await assertInvariants(event.eventId);
  });
});

describe("list", () => {
  it("registered in the order they got their place, then the line; status filters", async () => {
    const event = await openEvent({ capacity: 2, waitlistEnabled: true });
    for (const u of ["a", "b", "c", "d", "e"]) await register(event.eventId, u);
    await registrations.delete(event.eventId, "a", SERVICE); // c is promoted: placed after b
    const all = await allRegistrations(event.eventId);
    expect(all.map((r) => [r.userId, r.status, r.position])).toEqual([
      ["b", "registered", undefined],
      ["c", "registered", undefined],
      ["d", "waitlisted", 1],
      ["e", "waitlisted", 2],
    ]);
    const c = all[1]!;
    expect(c.updatedAt > c.createdAt).toBe(true);
    expect((await registrations.list(event.eventId, { status: "waitlisted" }, SERVICE)).items.map((r) => r.userId)).toEqual(["d", "e"]);
    expect((await registrations.list(event.eventId, { status: "registered" }, SERVICE)).items.map((r) => r.userId)).toEqual(["b", "c"]);
  });

  it("pages with an opaque cursor across both lanes; positions continue; the last page has no cursor", async () => {
    const event = await openEvent({ capacity: 3, waitlistEnabled: true });
    const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
    for (const u of users) await register(event.eventId, u);
    const pages: string[][] = [];
    const positions: (number | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await registrations.list(event.eventId, { limit: 3, cursor }, SERVICE);
      pages.push(page.items.map((r) => r.userId));
      positions.push(...page.items.map((r) => r.position));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(pages).toEqual([users.slice(0, 3), users.slice(3, 6), users.slice(6)]);
    expect(positions).toEqual([undefined, undefined, undefined, 1, 2, 3, 4, 5]);
    const exact = await registrations.list(event.eventId, { limit: 8 }, SERVICE);
    expect([exact.items.length, exact.nextCursor]).toEqual([8, null]);
    const waitPage = await registrations.list(event.eventId, { status: "waitlisted", limit: 2 }, SERVICE);
    const next = await registrations.list(event.eventId, { status: "waitlisted", limit: 2, cursor: waitPage.nextCursor! }, SERVICE);
    expect(next.items.map((r) => [r.userId, r.position])).toEqual([["u5", 3], ["u6", 4]]);
  });

  it("limit 1-1000 (default 100), a foreign cursor is InvalidQueryError, an unknown event EventNotFoundError", async () => {
    const event = await openEvent({ capacity: 200 });
    await inParallel(Array.from({ length: 101 }, (_, i) => () => register(event.eventId, `p${i}`)), 8);
    const first = await registrations.list(event.eventId, {}, SERVICE);
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    for (const limit of [0, 1001, 1.5, -1]) {
      expect(schemaError(ListRegistrationsInputSchema, { limit })).toBeInstanceOf(ZodError);
    }
    expect(schemaError(ListRegistrationsInputSchema, loose({ status: "cancelled" }))).toBeInstanceOf(ZodError);
    for (const cursor of ["not a cursor", "YWJj", Buffer.from("registered:12").toString("base64url")]) {
      await rejection(registrations.list(event.eventId, { cursor }, SERVICE), InvalidQueryError);
    }
    await rejection(registrations.list("no-such-event", {}, SERVICE), EventNotFoundError);
    await assertInvariants(event.eventId);
  });
});

describe("listByUser", () => {
  it("the user's registrations ordered by the event's date, each with the event as it is now", async () => {
    const user = newId("user");
    const late = await openEvent({ date: "2031-06-01", title: "Late", capacity: 1, waitlistEnabled: true });
    const early = await openEvent({ date: "2030-01-01T09:00:00+02:00", title: "Early" });
    const middle = await openEvent({ date: "2030-03-01", title: "Middle" });
    await register(late.eventId, "someone-else");
    for (const event of [late, early, middle]) await register(event.eventId, user);
    await events.update(middle.eventId, { title: "Middle, renamed", date: "2032-01-01", status: "active" }, SERVICE);

    // The user's list comes from an index, eventually consistent on DynamoDB: wait for the three to show, and for
    // the change of date's re-key to reach it (until then the list may show the old order).
    await expect
      .poll(async () => (await registrations.listByUser(user, {}, SERVICE)).items.map((r) => r.eventId), { timeout: 10_000 })
      .toEqual([early.eventId, late.eventId, middle.eventId]);
    const page = await registrations.listByUser(user, {}, SERVICE);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((r) => [r.eventId, r.status, r.position])).toEqual([
      [early.eventId, "registered", undefined],
      [late.eventId, "waitlisted", 1],
      [middle.eventId, "registered", undefined],
    ]);
    expect(page.items[2]!.event).toEqual({ eventId: middle.eventId, title: "Middle, renamed", date: "2032-01-01", status: "active" });
    for (const item of page.items) expect(UserRegistrationSchema.parse(item)).toEqual(item);

    const first = await registrations.listByUser(user, { limit: 2 }, SERVICE);
    expect(first.items.map((r) => r.eventId)).toEqual([early.eventId, late.eventId]);
    const second = await registrations.listByUser(user, { limit: 2, cursor: first.nextCursor! }, SERVICE);
    expect([second.items.map((r) => r.eventId), second.nextCursor]).toEqual([[middle.eventId], null]);
  });

  it("a user with no registrations gets an empty list; a bad userId or cursor is rejected", async () => {
    expect(await registrations.listByUser(newId("nobody"), {}, SERVICE)).toEqual({ items: [], nextCursor: null });
    expect(schemaError(UserIdSchema, "a b")).toBeInstanceOf(ZodError);
    expect(schemaError(UserIdSchema, "..")).toBeInstanceOf(ZodError);
    expect(schemaError(ListUserRegistrationsInputSchema, { limit: 0 })).toBeInstanceOf(ZodError);
    await rejection(registrations.listByUser("u", { cursor: "nope!" }, SERVICE), InvalidQueryError);
  });
});

describe("unregister", () => {
  it("frees the place for the first in line in the same step; a second delete is not found", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b", "c"]) await register(event.eventId, u);
    const before = await events.get(event.eventId, SERVICE);
    await registrations.delete(event.eventId, "a", SERVICE);
    const after = await events.get(event.eventId, SERVICE);
    expect(after).toMatchObject({ registeredCount: 1, waitlistCount: 1 });
    expect(after.version).toBeGreaterThan(before.version);
    expect((await registrations.get(event.eventId, "b", SERVICE)).status).toBe("registered");
    await rejection(registrations.delete(event.eventId, "a", SERVICE), RegistrationNotFoundError);
    await rejection(registrations.delete(event.eventId, "nobody", SERVICE), RegistrationNotFoundError);
    await rejection(registrations.delete("no-such-event", "a", SERVICE), EventNotFoundError);
    await assertInvariants(event.eventId);
  });

  it("a waitlisted person leaving moves nobody into a place and shortens the line", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b", "c"]) await register(event.eventId, u);
    await registrations.delete(event.eventId, "b", SERVICE);
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect([registered.map((r) => r.userId), waitlisted.map((r) => [r.userId, r.position])]).toEqual([["a"], [["c", 1]]]);
  });

  it("the person can register again, at the end of the line", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b"]) await register(event.eventId, u);
    await registrations.delete(event.eventId, "a", SERVICE);
    expect(await register(event.eventId, "a")).toMatchObject({ status: "waitlisted", position: 1 });
    await assertInvariants(event.eventId);
  });
});

describe("event changes that touch places", () => {
  it("new events: waitlistEnabled false unless asked, counts 0; update can turn the waitlist on", async () => {
    const event = await events.create(validInput({ eventId: newId("evt") }), SERVICE);
    expect(event).toMatchObject({ waitlistEnabled: false, registeredCount: 0, waitlistCount: 0 });
    const updated = await events.update(event.eventId, { waitlistEnabled: true, registeredCount: 99, waitlistCount: 5 } as never, SERVICE);
    expect(updated).toMatchObject({ waitlistEnabled: true, registeredCount: 0, waitlistCount: 0, version: 2 });
  });

  it("raising capacity promotes the line in order, up to the new capacity", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b", "c", "d"]) await register(event.eventId, u);
    const updated = await events.update(event.eventId, { capacity: 3 }, SERVICE);
    expect(updated).toMatchObject({ capacity: 3, registeredCount: 3, waitlistCount: 1 });
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect([registered.map((r) => r.userId), waitlisted.map((r) => r.userId)]).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("capacity below registeredCount is CapacityBelowRegisteredError and nothing changes; down to it is fine", async () => {
    const event = await openEvent({ capacity: 5 });
    for (const u of ["a", "b", "c"]) await register(event.eventId, u);
    const before = await events.get(event.eventId, SERVICE);
    const error = await rejection(events.update(event.eventId, { capacity: 2, title: "Smaller" }, SERVICE), CapacityBelowRegisteredError);
    expect(error.message).toBe("capacity cannot be lower than the 3 people registered");
    expect(await events.get(event.eventId, SERVICE)).toEqual(before);
    expect(await events.update(event.eventId, { capacity: 3 }, SERVICE)).toMatchObject({ capacity: 3, registeredCount: 3 });
  });

  it("turning the waitlist off while people wait is WaitlistNotEmptyError and nothing changes", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b"]) await register(event.eventId, u);
    const before = await events.get(event.eventId, SERVICE);
    const error = await rejection(events.update(event.eventId, { waitlistEnabled: false }, SERVICE), WaitlistNotEmptyError);
    expect(error.message).toBe("The waitlist cannot be turned off while 1 people are waiting");
    expect(await events.get(event.eventId, SERVICE)).toEqual(before);
    await registrations.delete(event.eventId, "b", SERVICE);
    expect((await events.update(event.eventId, { waitlistEnabled: false }, SERVICE)).waitlistEnabled).toBe(false);
    await rejection(register(event.eventId, "c"), EventFullError);
  });

  it("If-Match still decides first: a stale version is a version mismatch even for capacity", async () => {
    const event = await openEvent({ capacity: 2 });
    await register(event.eventId, "a"); // the version moves on with the count
    await expect(events.update(event.eventId, { capacity: 3 }, SERVICE, { expectedVersions: [event.version] })).rejects.toMatchObject({
      name: "VersionMismatchError",
    });
  });

  it("deleting an event deletes its registrations: they show nowhere, and a new event with the id starts empty", async () => {
    const user = newId("user");
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    await register(event.eventId, "other");
    await register(event.eventId, user);
    await events.delete(event.eventId, SERVICE);
    await rejection(registrations.get(event.eventId, user, SERVICE), EventNotFoundError);
    await rejection(registrations.list(event.eventId, {}, SERVICE), EventNotFoundError);
    expect((await registrations.listByUser(user, {}, SERVICE)).items).toEqual([]);

    const again = await events.create(validInput({ eventId: event.eventId, status: "published", capacity: 1 }), SERVICE);
    expect(again).toMatchObject({ registeredCount: 0, waitlistCount: 0 });
    expect(await allRegistrations(event.eventId)).toEqual([]);
    expect(await register(event.eventId, user)).toMatchObject({ status: "registered" });
    await assertInvariants(event.eventId);
  });

  it("a delete that crashed after removing the event: its registrations never show, and re-creating the id finishes it", async () => {
    const user = newId("user");
    const event = await openEvent({ capacity: 2, waitlistEnabled: true });
    for (const u of [user, "b", "c"]) await register(event.eventId, u);
    await crashAfterEventItemDelete(client, tableName, event.eventId);
    await rejection(registrations.get(event.eventId, user, SERVICE), EventNotFoundError);
    await rejection(registrations.list(event.eventId, {}, SERVICE), EventNotFoundError);
    await rejection(registrations.delete(event.eventId, user, SERVICE), EventNotFoundError);
    expect((await registrations.listByUser(user, {}, SERVICE)).items).toEqual([]);

    await events.create(validInput({ eventId: event.eventId, status: "published", capacity: 2 }), SERVICE);
    expect(await allRegistrations(event.eventId)).toEqual([]);
    expect((await registrations.listByUser(user, {}, SERVICE)).items).toEqual([]);
    expect((await register(event.eventId, "c")).status).toBe("registered");
    expect((await register(event.eventId, user)).status).toBe("registered");
    await expect
      .poll(async () => (await registrations.listByUser(user, {}, SERVICE)).items.map((r) => r.eventId), { timeout: 10_000 })
      .toEqual([event.eventId]);
    await assertInvariants(event.eventId);
  });

  it("a capacity raise that crashed before promoting is finished by the next change, before a newcomer is placed", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    for (const u of ["a", "b", "c", "d"]) await register(event.eventId, u);
    await crashAfterCapacityWrite(client, tableName, event.eventId, 3);
    const newcomer = await register(event.eventId, "late");
    expect(newcomer).toMatchObject({ status: "waitlisted", position: 2 });
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect([registered.map((r) => r.userId), waitlisted.map((r) => r.userId)]).toEqual([["a", "b", "c"], ["d", "late"]]);
  });

  it("events stored before registrations existed read as waitlist off, counts 0, and take registrations", async () => {
    const event = await openEvent({ capacity: 1 });
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: `$events#eventId_${event.eventId}` }, sk: { S: "$event_1" } },
        UpdateExpression: "REMOVE waitlistEnabled, registeredCount, waitlistCount, lineSeq",
      }),
    );
    expect(await events.get(event.eventId, SERVICE)).toMatchObject({ waitlistEnabled: false, registeredCount: 0, waitlistCount: 0 });
    expect((await register(event.eventId, "a")).status).toBe("registered");
    await rejection(register(event.eventId, "b"), EventFullError);
    await assertInvariants(event.eventId);
  });
});

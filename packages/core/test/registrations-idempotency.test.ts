/**
 * `Idempotency-Key` in the domain: the record is written in the transaction
 * of the create it protects, so a replay returns the first response, a
 * different request with the key is refused, simultaneous requests create one
 * thing, and a retry after the thing was deleted creates nothing.
 */
import { describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import {
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyKeyMismatchError,
  IdempotencyKeySchema,
  SERVICE,
} from "../src/index.js";
import { rejection, validInput, schemaError } from "./helpers.js";
import { newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, registrations, openEvent, allRegistrations, assertInvariants } = await registrationStore();

describe("the key rule", () => {
  it("1-255 printable ASCII characters, no space at either end", () => {
    for (const key of ["a", "x".repeat(255), "3f0c9a4e-6d0b", "with inner space", "!~#$%&'*+-.^_`|"]) {
      expect(IdempotencyKeySchema.safeParse(key).success, key).toBe(true);
    }
    for (const key of ["", "x".repeat(256), " lead", "trail ", "tab\there", "é", "line\nbreak", "\u0000"]) {
      expect(IDEMPOTENCY_KEY_PATTERN.test(key), JSON.stringify(key)).toBe(false);
    }
  });

  it("a key that breaks it is rejected before anything is written", async () => {
    const event = await openEvent();
    expect(schemaError(IdempotencyKeySchema, "")).toBeInstanceOf(ZodError);
    expect(schemaError(IdempotencyKeySchema, "é")).toBeInstanceOf(ZodError);
    expect((await events.get(event.eventId, SERVICE)).registeredCount).toBe(0);
  });
});

describe("registrations with an Idempotency-Key", () => {
  it("a replay returns the first response and changes nothing", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    const key = newId("key");
    const first = await registrations.create(event.eventId, { userId: "a", name: "Ada" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    const after = await events.get(event.eventId, SERVICE);
    const again = await registrations.create(event.eventId, { name: "Ada", userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    expect(again).toEqual(first);
    expect(await events.get(event.eventId, SERVICE)).toEqual(after);
    // Without the key, the same request is a second attempt, and is refused as one.
    await expect(registrations.create(event.eventId, { userId: "a", name: "Ada" }, SERVICE)).rejects.toMatchObject({
      name: "AlreadyRegisteredError",
    });
  });

  it("the same key with another body, or for another event or operation, is IdempotencyKeyMismatchError", async () => {
    const event = await openEvent({ capacity: 5 });
    const other = await openEvent({ capacity: 5 });
    const key = newId("key");
    await registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    await rejection(registrations.create(event.eventId, { userId: "b" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" }), IdempotencyKeyMismatchError);
    await rejection(registrations.create(event.eventId, { userId: "a", name: "X" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" }), IdempotencyKeyMismatchError);
    await rejection(registrations.create(other.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" }), IdempotencyKeyMismatchError);
    await rejection(events.create(validInput(), SERVICE, { idempotencyKey: key, idempotencyScope: "test" }), IdempotencyKeyMismatchError);
    expect((await allRegistrations(event.eventId)).map((r) => r.userId)).toEqual(["a"]);
    expect(await allRegistrations(other.eventId)).toEqual([]);
  });

  it("twenty simultaneous requests with one key create one registration, and all get its response", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    await registrations.create(event.eventId, { userId: "holder" }, SERVICE);
    const key = newId("key");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => registrations.create(event.eventId, { userId: "racer" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" })),
    );
    const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(errors).toEqual([]);
    const bodies = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ userId: "racer", status: "waitlisted", position: 1 });
    const { waitlisted } = await assertInvariants(event.eventId);
    expect(waitlisted.map((r) => r.userId)).toEqual(["racer"]);
  });

  it("a retry after the registration was deleted gets the first response and registers nobody", async () => {
    const event = await openEvent({ capacity: 3 });
    const key = newId("key");
    const first = await registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    await registrations.delete(event.eventId, "a", SERVICE);
    expect(await registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" })).toEqual(first);
    expect(await allRegistrations(event.eventId)).toEqual([]);
    // ...even after the event itself is gone.
    await events.delete(event.eventId, SERVICE);
    expect(await registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" })).toEqual(first);
  });

  it("a failed request records nothing: the retry with the key runs again", async () => {
    const event = await openEvent({ capacity: 1, status: "draft" });
    const key = newId("key");
    await expect(registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" })).rejects.toMatchObject({
      name: "EventNotOpenError",
    });
    await events.update(event.eventId, { status: "published" }, SERVICE);
    expect(await registrations.create(event.eventId, { userId: "a" }, SERVICE, { idempotencyKey: key, idempotencyScope: "test" })).toMatchObject({ status: "registered" });
  });
});

describe("event creates with an Idempotency-Key", () => {
  it("a replay returns the first event (a generated id is not generated again); another body is a mismatch", async () => {
    const key = newId("key");
    const first = await events.create(validInput({ status: "published" }), SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    await events.update(first.eventId, { title: "Changed since" }, SERVICE);
    expect(await events.create(validInput({ status: "published" }), SERVICE, { idempotencyKey: key, idempotencyScope: "test" })).toEqual(first);
    await rejection(events.create(validInput({ status: "draft" }), SERVICE, { idempotencyKey: key, idempotencyScope: "test" }), IdempotencyKeyMismatchError);
    expect((await events.get(first.eventId, SERVICE)).title).toBe("Changed since");
  });

  it("twenty simultaneous creates with one key create one event; after its delete a retry creates nothing", async () => {
    const key = newId("key");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => events.create(validInput(), SERVICE, { idempotencyKey: key, idempotencyScope: "test" })));
    expect(results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []))).toEqual([]);
    const ids = new Set(results.flatMap((r) => (r.status === "fulfilled" ? [r.value.eventId] : [])));
    expect(ids.size).toBe(1);
    const [eventId] = [...ids] as [string];
    await events.delete(eventId, SERVICE);
    const replay = await events.create(validInput(), SERVICE, { idempotencyKey: key, idempotencyScope: "test" });
    expect(replay.eventId).toBe(eventId);
    await expect(events.get(eventId, SERVICE)).rejects.toMatchObject({ name: "EventNotFoundError" });
  });

  it("a custom id that exists is still EventAlreadyExistsError with a new key", async () => {
    const event = await openEvent();
    await expect(events.create(validInput({ eventId: event.eventId }), SERVICE, { idempotencyKey: newId("key"), idempotencyScope: "test" })).rejects.toMatchObject({
      name: "EventAlreadyExistsError",
    });
  });
});

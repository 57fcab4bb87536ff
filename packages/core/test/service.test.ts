import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  EventAlreadyExistsError,
  EventError,
  EventNotFoundError,
  EventSchema,
  NoChangesError,
  VersionMismatchError,
  type Event,
  CreateEventInputSchema,
  EventChangesSchema,
  SERVICE,
} from "../src/index.js";
import { freshEventService } from "./store.js";
import { clockPast, freshTable, loose, rejection, validInput, schemaError } from "./helpers.js";

const { events, client } = await freshEventService();

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FIELD_ORDER = [
  "eventId",
  "title",
  "description",
  "date",
  "location",
  "capacity",
  "organizer",
  "status",
  "waitlistEnabled",
  "registeredCount",
  "waitlistCount",
  "createdAt",
  "updatedAt",
  "version",
];

let idCounter = 0;
/** A fresh custom id, so tests sharing this file's table do not collide. */
const newId = (prefix = "svc") => `${prefix}-${++idCounter}`;

async function created(overrides: Parameters<typeof validInput>[0] = {}): Promise<Event> {
  return events.create(validInput({ eventId: newId(), ...overrides }), SERVICE);
}

describe("create", () => {
  it("returns the stored event with server fields set", async () => {
    const before = new Date().toISOString();
    const input = validInput({ eventId: newId(), status: "published" });
    const event = await events.create(input, SERVICE);
    const after = new Date().toISOString();

    expect(event).toEqual({
      ...input,
      waitlistEnabled: false,
      registeredCount: 0,
      waitlistCount: 0,
      createdAt: event.createdAt,
      updatedAt: event.updatedAt,
      version: 1,
    });
    expect(event.createdAt).toMatch(ISO_UTC);
    expect(event.updatedAt).toBe(event.createdAt);
    expect(event.createdAt >= before && event.createdAt <= after).toBe(true);
    expect(Object.keys(event)).toEqual(FIELD_ORDER);
    // exactly the public shape: no index attributes or hidden fields
    expect(EventSchema.parse(event)).toEqual(event);
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
  });

  it("defaults status to draft", async () => {
    const event = await events.create(validInput(), SERVICE);
    expect(event.status).toBe("draft");
    expect((await events.get(event.eventId, SERVICE)).status).toBe("draft");
  });

  it("an explicitly undefined eventId is the same as none", async () => {
    const event = await events.create({ ...validInput(), eventId: undefined }, SERVICE);
    expect(event.eventId).toMatch(UUID);
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
  });

  it("keeps every status it is given", async () => {
    for (const status of ["draft", "published", "cancelled", "completed", "active"] as const) {
      expect((await created({ status })).status).toBe(status);
    }
  });

  it("generates distinct UUIDs when no eventId is given", async () => {
    const made = await Promise.all(Array.from({ length: 10 }, () => events.create(validInput(), SERVICE)));
    const ids = made.map((e) => e.eventId);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(10);
    for (const event of made) expect(await events.get(event.eventId, SERVICE)).toEqual(event);
  });

  it("returns the date exactly as sent", async () => {
    for (const date of ["2024-12-15", "2024-12-15T18:30:00+02:00", "2024-12-15T18:30", "2024-12-15T18:30:00.123456789-05:30"]) {
      const event = await created({ date });
      expect(event.date).toBe(date);
      expect((await events.get(event.eventId, SERVICE)).date).toBe(date);
    }
  });

  it("stores text exactly as sent (Unicode, emoji, line breaks, surrounding spaces)", async () => {
    const text = {
      title: "😀".repeat(200),
      description: "Line one\nLine two\r\n\tIndented — 会议 Café",
      location: "  Zürich  ",
      organizer: "O'Brien & \"Sons\" <org>",
    };
    const event = await created(text);
    expect(await events.get(event.eventId, SERVICE)).toMatchObject(text);
  });

  it("custom ids are case-sensitive", async () => {
    const upper = await events.create(validInput({ eventId: "EVT-1", title: "Upper" }), SERVICE);
    const lower = await events.create(validInput({ eventId: "evt-1", title: "Lower" }), SERVICE);
    expect(upper.eventId).toBe("EVT-1");
    expect(lower.eventId).toBe("evt-1");
    expect((await events.get("EVT-1", SERVICE)).title).toBe("Upper");
    expect((await events.get("evt-1", SERVICE)).title).toBe("Lower");
    await rejection(events.get("Evt-1", SERVICE), EventNotFoundError);
  });

  it("accepts ids made of every allowed character, up to 128 of them", async () => {
    for (const eventId of ["A-Za-z0-9._~", "~", "...", ".a", "x".repeat(128), `${"Ab9._~-".repeat(18)}xy`]) {
      const event = await events.create(validInput({ eventId }), SERVICE);
      expect(event.eventId).toBe(eventId);
      expect((await events.get(eventId, SERVICE)).eventId).toBe(eventId);
    }
  });

  it('refuses "." and "..", which no URL can address', async () => {
    for (const eventId of [".", ".."]) {
      const error = schemaError(CreateEventInputSchema, validInput({ eventId }));
      expect(error.issues[0]!.message).toContain("must not be");
    }
  });

  it("rejects a duplicate id and leaves the original unchanged", async () => {
    const original = await created({ title: "Original", status: "published" });
    const error = await rejection(
      events.create(validInput({ eventId: original.eventId, title: "Impostor", capacity: 1 }), SERVICE),
      EventAlreadyExistsError,
    );
    expect(error.eventId).toBe(original.eventId);
    expect(error.message).toBe(`An event with eventId '${original.eventId}' already exists`);
    expect(error).toBeInstanceOf(EventError);
    expect(await events.get(original.eventId, SERVICE)).toEqual(original);
  });

  it("20 simultaneous creates of one id: exactly one wins", async () => {
    const eventId = newId("race");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => events.create(validInput({ eventId, title: `Attempt ${i}` }), SERVICE)),
    );
    const fulfilled = results.filter((r): r is PromiseFulfilledResult<Event> => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(EventAlreadyExistsError);
    // the stored event is the winner's, at version 1
    expect(await events.get(eventId, SERVICE)).toEqual(fulfilled[0]!.value);
  });

  it("rejects invalid input before writing anything", async () => {
    const eventId = newId("invalid");
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), capacity: 0 }))).toBeInstanceOf(ZodError);
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), capacity: "500" }))).toBeInstanceOf(ZodError);
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), date: "2024-02-30" }))).toBeInstanceOf(ZodError);
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), title: "   " }))).toBeInstanceOf(ZodError);
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), status: "archived" }))).toBeInstanceOf(ZodError);
    await rejection(events.get(eventId, SERVICE), EventNotFoundError);
  });

  it("rejects an unknown field such as capcity, naming it, and writes nothing", async () => {
    const eventId = newId("typo");
    const { capacity, ...rest } = validInput({ eventId });
    const error = schemaError(CreateEventInputSchema, loose({ ...rest, capcity: capacity }));
    expect(error.issues.some((i) => i.code === "unrecognized_keys" && i.message.includes("capcity"))).toBe(true);
    const error2 = schemaError(CreateEventInputSchema, loose({ ...validInput({ eventId }), capcity: 5 }));
    expect(error2.issues.map((i) => i.message).join(" ")).toContain("capcity");
    await rejection(events.get(eventId, SERVICE), EventNotFoundError);
  });

  it("rejects server fields and ids that break the rules", async () => {
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput(), version: 7 }))).toBeInstanceOf(ZodError);
    expect(schemaError(CreateEventInputSchema, loose({ ...validInput(), createdAt: "2020-01-01T00:00:00.000Z" }))).toBeInstanceOf(ZodError);
    for (const eventId of ["", "a b", "a/b", "x".repeat(129), "é"]) {
      expect(schemaError(CreateEventInputSchema, validInput({ eventId }))).toBeInstanceOf(ZodError);
    }
  });
});

describe("get", () => {
  it("returns a stored event", async () => {
    const event = await created();
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
  });

  it("a missing id is EventNotFoundError", async () => {
    const error = await rejection(events.get("no-such-event", SERVICE), EventNotFoundError);
    expect(error.eventId).toBe("no-such-event");
    expect(error.message).toBe("Event not found");
    expect(error.name).toBe("EventNotFoundError");
    expect(error).toBeInstanceOf(EventError);
  });

  it.each(["", " ", "a b", "a/b", "../etc/passwd", "x".repeat(129), "x".repeat(5000), "é", "%41", "a#b", "\u0000", "$events#eventId_x"])(
    "an id that breaks the id rules is EventNotFoundError: %j",
    async (eventId) => {
      await rejection(events.get(eventId, SERVICE), EventNotFoundError);
    },
  );
});

describe("update", () => {
  it("is a patch: only the fields sent change", async () => {
    const original = await created({ status: "published", capacity: 50 });
    await clockPast(original.updatedAt);
    const updated = await events.update(original.eventId, { title: "Renamed" }, SERVICE);
    expect(updated).toEqual({ ...original, title: "Renamed", updatedAt: updated.updatedAt, version: 2 });
    expect(updated.status).toBe("published"); // not reset to the default
    expect(updated.updatedAt > original.updatedAt).toBe(true);
    expect(updated.updatedAt).toMatch(ISO_UTC);
    expect(updated.createdAt).toBe(original.createdAt);
    expect(Object.keys(updated)).toEqual(FIELD_ORDER);
    expect(EventSchema.parse(updated)).toEqual(updated);
    expect(await events.get(original.eventId, SERVICE)).toEqual(updated);
  });

  it("changes each writable field on its own", async () => {
    const original = await created();
    const changes = [
      { description: "New description" },
      { date: "2025-01-01T09:00:00-08:00" },
      { location: "Berlin" },
      { capacity: 100_000 },
      { organizer: "Someone else" },
      { status: "cancelled" as const },
    ];
    let expected: Event = original;
    for (const [i, change] of changes.entries()) {
      const updated = await events.update(original.eventId, change, SERVICE);
      expected = { ...expected, ...change, updatedAt: updated.updatedAt, version: i + 2 };
      expect(updated).toEqual(expected);
      expect(await events.get(original.eventId, SERVICE)).toEqual(expected);
    }
  });

  it("changes several fields at once", async () => {
    const original = await created();
    const changes = { title: "All new", capacity: 7, status: "active" as const, date: "2030-06-01" };
    const updated = await events.update(original.eventId, changes, SERVICE);
    expect(updated).toEqual({ ...original, ...changes, updatedAt: updated.updatedAt, version: 2 });
  });

  it("bumps the version by one on every change", async () => {
    const event = await created();
    for (let version = 2; version <= 6; version++) {
      expect((await events.update(event.eventId, { capacity: version }, SERVICE)).version).toBe(version);
    }
    expect((await events.get(event.eventId, SERVICE)).version).toBe(6);
  });

  it("simultaneous updates without a precondition all apply (last write wins), each a version of its own", async () => {
    const event = await created();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => events.update(event.eventId, { capacity: i + 1 }, SERVICE)),
    );
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect((await events.get(event.eventId, SERVICE)).version).toBe(11);
  });

  it("ignores the read-only fields a GET returned", async () => {
    const original = await created();
    const { eventId, ...got } = original; // as a GET returned it, minus the id (the path names it)
    const updated = await events.update(eventId, {
      ...got,
      title: "Edited after GET",
      createdAt: "1999-01-01T00:00:00.000Z",
      updatedAt: "1999-01-01T00:00:00.000Z",
      version: 99,
    }, SERVICE);
    expect(updated.title).toBe("Edited after GET");
    expect(updated.createdAt).toBe(original.createdAt);
    expect(updated.updatedAt).not.toBe("1999-01-01T00:00:00.000Z");
    expect(updated.version).toBe(2);
  });

  it("never creates an event", async () => {
    const eventId = newId("ghost");
    const error = await rejection(events.update(eventId, { title: "Ghost" }, SERVICE), EventNotFoundError);
    expect(error.eventId).toBe(eventId);
    await rejection(events.get(eventId, SERVICE), EventNotFoundError);
    // not even with a precondition, or with every field sent
    await rejection(events.update(eventId, validInput(), SERVICE, { expectedVersions: [1] }), EventNotFoundError);
    await rejection(events.get(eventId, SERVICE), EventNotFoundError);
  });

  it("an id that breaks the id rules is EventNotFoundError", async () => {
    for (const eventId of ["", "a b", "x".repeat(129), "a/b"]) {
      await rejection(events.update(eventId, { title: "x" }, SERVICE), EventNotFoundError);
    }
  });

  it("no fields to change is NoChangesError, and nothing changes", async () => {
    const original = await created();
    const error = await rejection(events.update(original.eventId, {}, SERVICE), NoChangesError);
    expect(error.message).toBe("No fields to update");
    expect(error).toBeInstanceOf(EventError);
    await rejection(
      events.update(original.eventId, {
        createdAt: original.createdAt,
        updatedAt: original.updatedAt,
        version: original.version,
      }, SERVICE),
      NoChangesError,
    );
    await rejection(events.update(original.eventId, { version: 5 }, SERVICE), NoChangesError);
    await rejection(events.update(original.eventId, { title: undefined }, SERVICE), NoChangesError);
    expect(await events.get(original.eventId, SERVICE)).toEqual(original);
  });

  it("rejects invalid changes and unknown fields; nothing changes", async () => {
    const original = await created();
    for (const changes of [
      { title: "" },
      { title: " " },
      { title: "a".repeat(201) },
      { capacity: 0 },
      { capacity: 1.5 },
      { capacity: "500" },
      { date: "2024-02-30" },
      { status: "archived" },
      { status: null },
      { capcity: 10 },
      { title: "ok", capcity: 10 },
      { eventId: "renamed" },
    ]) {
      expect(schemaError(EventChangesSchema, loose(changes))).toBeInstanceOf(ZodError);
    }
    expect(await events.get(original.eventId, SERVICE)).toEqual(original);
  });

  describe("expectedVersions (If-Match)", () => {
    it("a matching version succeeds", async () => {
      const original = await created();
      const updated = await events.update(original.eventId, { title: "v2" }, SERVICE, { expectedVersions: [1] });
      expect(updated.version).toBe(2);
      const again = await events.update(original.eventId, { title: "v3" }, SERVICE, { expectedVersions: [2] });
      expect(again.version).toBe(3);
    });

    it("a mismatch is VersionMismatchError and nothing changes", async () => {
      const original = await created();
      await events.update(original.eventId, { title: "v2" }, SERVICE);
      const current = await events.get(original.eventId, SERVICE);
      const error = await rejection(
        events.update(original.eventId, { title: "stale write" }, SERVICE, { expectedVersions: [1] }),
        VersionMismatchError,
      );
      expect(error.eventId).toBe(original.eventId);
      expect(error).toBeInstanceOf(EventError);
      await rejection(events.update(original.eventId, { title: "future" }, SERVICE, { expectedVersions: [3] }), VersionMismatchError);
      expect(await events.get(original.eventId, SERVICE)).toEqual(current);
    });

    it("any of several versions may match", async () => {
      const original = await created();
      expect((await events.update(original.eventId, { capacity: 2 }, SERVICE, { expectedVersions: [7, 1, 9] })).version).toBe(2);
      await rejection(events.update(original.eventId, { capacity: 3 }, SERVICE, { expectedVersions: [1, 3, 4] }), VersionMismatchError);
      expect((await events.get(original.eventId, SERVICE)).capacity).toBe(2);
    });

    it("with createdAt, only that incarnation: an event deleted and created again under its id is another", async () => {
      const first = await created();
      const eventId = first.eventId;
      await events.delete(eventId, SERVICE);
      await new Promise((resolve) => setTimeout(resolve, 5)); // another createdAt, to the millisecond
      const second = await events.create(validInput({ eventId }), SERVICE);
      expect(second.version).toBe(first.version);
      const stale = { expectedVersions: [1], createdAt: first.createdAt };
      await rejection(events.update(eventId, { title: "stale" }, SERVICE, stale), VersionMismatchError);
      await rejection(events.update(eventId, { capacity: 3 }, SERVICE, stale), VersionMismatchError);
      await rejection(events.delete(eventId, SERVICE, stale), VersionMismatchError);
      expect(await events.get(eventId, SERVICE)).toEqual(second);
      const current = { expectedVersions: [1], createdAt: second.createdAt };
      expect((await events.update(eventId, { title: "current" }, SERVICE, current)).version).toBe(2);
      await events.delete(eventId, SERVICE, { expectedVersions: [2], createdAt: second.createdAt });
      await rejection(events.get(eventId, SERVICE), EventNotFoundError);
    });

    it("a missing event is still EventNotFoundError, not a mismatch", async () => {
      await rejection(events.update(newId("gone"), { title: "x" }, SERVICE, { expectedVersions: [1] }), EventNotFoundError);
    });

    it("of simultaneous updates from the same version, exactly one wins", async () => {
      const original = await created();
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => events.update(original.eventId, { capacity: i + 1 }, SERVICE, { expectedVersions: [1] })),
      );
      const fulfilled = results.filter((r): r is PromiseFulfilledResult<Event> => r.status === "fulfilled");
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(VersionMismatchError);
      expect(await events.get(original.eventId, SERVICE)).toEqual(fulfilled[0]!.value);
    });

    // An empty list means "no version can match": the API passes [] for an If-Match that names
    // nothing matchable (a weak tag W/"1", or a header and an expectedVersion that disagree).
    it("an empty list of versions matches nothing (VersionMismatchError, nothing changes)", async () => {
      const original = await created();
      await rejection(events.update(original.eventId, { title: "should not apply" }, SERVICE, { expectedVersions: [] }), VersionMismatchError);
      expect(await events.get(original.eventId, SERVICE)).toEqual(original);
      await rejection(events.update(newId("gone"), { title: "x" }, SERVICE, { expectedVersions: [] }), EventNotFoundError);
    });
  });
});

describe("update moves the event in lists", () => {
  it("changing status moves it between status lists", async () => {
    const table = await freshTable(client);
    const event = await table.create(validInput({ eventId: "mover", status: "draft" }), SERVICE);
    await table.create(validInput({ eventId: "stayer", status: "draft" }), SERVICE);

    const ids = async (query: Parameters<typeof table.list>[0]) => (await table.list(query, SERVICE)).items.map((e) => e.eventId);
    expect(await ids({ status: "draft" })).toEqual(["mover", "stayer"]);
    expect(await ids({ status: "published" })).toEqual([]);

    await table.update(event.eventId, { status: "published" }, SERVICE);
    expect(await ids({ status: "draft" })).toEqual(["stayer"]);
    expect(await ids({ status: "published" })).toEqual(["mover"]);
    expect(await ids({})).toEqual(["mover", "stayer"]);

    // the listed event is the updated one
    const [listed] = (await table.list({ status: "published" }, SERVICE)).items;
    expect(listed).toEqual(await table.get("mover", SERVICE));

    // an update that leaves status alone keeps it in its list
    await table.update(event.eventId, { title: "Still published" }, SERVICE);
    expect(await ids({ status: "published" })).toEqual(["mover"]);
  });

  it("changing date moves it in the order and in date ranges", async () => {
    const table = await freshTable(client);
    await table.create(validInput({ eventId: "a", date: "2024-01-01" }), SERVICE);
    await table.create(validInput({ eventId: "b", date: "2024-06-01", status: "published" }), SERVICE);
    await table.create(validInput({ eventId: "c", date: "2024-12-01" }), SERVICE);
    const ids = async (query: Parameters<typeof table.list>[0] = {}) =>
      (await table.list(query, SERVICE)).items.map((e) => e.eventId);
    expect(await ids()).toEqual(["a", "b", "c"]);

    await table.update("b", { date: "2025-03-01T10:00:00+01:00" }, SERVICE);
    expect(await ids()).toEqual(["a", "c", "b"]);
    expect(await ids({ status: "published" })).toEqual(["b"]);
    expect(await ids({ from: "2024-05-01", to: "2024-07-01" })).toEqual([]);
    expect(await ids({ from: "2025-03-01T09:00:00Z", to: "2025-03-01T09:00:00Z" })).toEqual(["b"]);
    expect(await ids({ status: "published", from: "2025-01-01" })).toEqual(["b"]);

    // moving to an earlier date, with a status change at the same time
    await table.update("b", { date: "2023-12-31T21:00:00-02:00", status: "active" }, SERVICE); // 23:00Z on Dec 31
    expect(await ids()).toEqual(["b", "a", "c"]);
    expect(await ids({ status: "published" })).toEqual([]);
    expect(await ids({ status: "active", to: "2024-01-01" })).toEqual(["b"]);
    expect(await ids({ to: "2024-01-01" })).toEqual(["b", "a"]);
  });
});

describe("delete", () => {
  it("removes the event", async () => {
    const table = await freshTable(client);
    const event = await table.create(validInput({ eventId: "doomed" }), SERVICE);
    await table.create(validInput({ eventId: "kept" }), SERVICE);
    await expect(table.delete(event.eventId, SERVICE)).resolves.toBeUndefined();
    await rejection(table.get(event.eventId, SERVICE), EventNotFoundError);
    expect((await table.list({}, SERVICE)).items.map((e) => e.eventId)).toEqual(["kept"]);
    expect((await table.list({ status: "draft" }, SERVICE)).items.map((e) => e.eventId)).toEqual(["kept"]);
  });

  it("deleting a missing event is EventNotFoundError", async () => {
    const error = await rejection(events.delete(newId("never"), SERVICE), EventNotFoundError);
    expect(error.message).toBe("Event not found");
    await rejection(events.delete(newId("never"), SERVICE), EventNotFoundError);
  });

  it("deleting twice: the second is EventNotFoundError", async () => {
    const event = await created();
    await events.delete(event.eventId, SERVICE);
    await rejection(events.delete(event.eventId, SERVICE), EventNotFoundError);
  });

  it("an id that breaks the id rules is EventNotFoundError", async () => {
    for (const eventId of ["", "a b", "x".repeat(129), "a/b"]) {
      await rejection(events.delete(eventId, SERVICE), EventNotFoundError);
    }
  });

  it("is case-sensitive", async () => {
    const event = await events.create(validInput({ eventId: "CaseDel" }), SERVICE);
    await rejection(events.delete("casedel", SERVICE), EventNotFoundError);
    expect(await events.get("CaseDel", SERVICE)).toEqual(event);
  });

  it("a wrong expected version is VersionMismatchError and the event stays", async () => {
    const event = await created();
    const error = await rejection(events.delete(event.eventId, SERVICE, { expectedVersions: [2] }), VersionMismatchError);
    expect(error.eventId).toBe(event.eventId);
    await rejection(events.delete(event.eventId, SERVICE, { expectedVersions: [0, 3, 4] }), VersionMismatchError);
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
  });

  it("a matching expected version deletes", async () => {
    const event = await created();
    await events.update(event.eventId, { title: "v2" }, SERVICE);
    await events.delete(event.eventId, SERVICE, { expectedVersions: [5, 2] });
    await rejection(events.get(event.eventId, SERVICE), EventNotFoundError);
  });

  it("a missing event with an expected version is EventNotFoundError", async () => {
    await rejection(events.delete(newId("none"), SERVICE, { expectedVersions: [1] }), EventNotFoundError);
  });

  it("an empty list of versions matches nothing (VersionMismatchError, the event stays)", async () => {
    const event = await created();
    await rejection(events.delete(event.eventId, SERVICE, { expectedVersions: [] }), VersionMismatchError);
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
    await rejection(events.delete(newId("gone"), SERVICE, { expectedVersions: [] }), EventNotFoundError);
  });

  it("an update after a delete is EventNotFoundError and does not bring it back", async () => {
    const event = await created();
    await events.delete(event.eventId, SERVICE);
    await rejection(events.update(event.eventId, { title: "Zombie" }, SERVICE), EventNotFoundError);
    await rejection(events.get(event.eventId, SERVICE), EventNotFoundError);
  });

  it("the id can be used again after a delete, starting at version 1", async () => {
    const event = await created({ title: "First life" });
    await events.update(event.eventId, { title: "First life, v2" }, SERVICE);
    await events.delete(event.eventId, SERVICE);
    const reborn = await events.create(validInput({ eventId: event.eventId, title: "Second life" }), SERVICE);
    expect(reborn.version).toBe(1);
    expect(await events.get(event.eventId, SERVICE)).toEqual(reborn);
  });

  it("simultaneous deletes of one event: exactly one succeeds", async () => {
    const event = await created();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => events.delete(event.eventId, SERVICE)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toBeInstanceOf(EventNotFoundError);
    }
  });
});

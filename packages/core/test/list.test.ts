import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  EVENTS_TABLE,
  EventSchema,
  InvalidQueryError,
  instantKey,
  type Event,
  type EventService,
  type EventStatus,
  type ListEventsInput,
  ListEventsInputSchema,
  SERVICE,
} from "../src/index.js";
import { freshEventService } from "./store.js";
import { freshTable, loose, prng, recordCommands, rejection, validInput, schemaError } from "./helpers.js";

const { client } = await freshEventService();

/** Chronological order (instant, then eventId), computed independently of the store. */
function expectedOrder(items: Array<{ eventId: string; date: string }>): string[] {
  return [...items]
    .sort((a, b) => {
      const ka = instantKey(a.date)!;
      const kb = instantKey(b.date)!;
      if (ka !== kb) return ka < kb ? -1 : 1;
      return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
    })
    .map((e) => e.eventId);
}

const ids = (page: { items: Event[] }) => page.items.map((e) => e.eventId);

/** Follows nextCursor to the end; returns every page. */
async function walk(events: EventService, query: ListEventsInput, maxPages = 1000) {
  const pages: Array<{ items: Event[]; nextCursor: string | null }> = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await events.list({ ...query, ...(cursor === undefined ? {} : { cursor }) }, SERVICE);
    pages.push(page);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

/** Creates `count` events with spread-out dates (some sharing an instant) and mixed statuses. */
async function seed(events: EventService, count: number, seedValue = 1) {
  const random = prng(seedValue);
  const statuses: EventStatus[] = ["draft", "published", "cancelled", "completed", "active"];
  const made: Event[] = [];
  const inputs = Array.from({ length: count }, (_, i) => {
    const day = 1 + Math.floor(random() * 28);
    const hour = Math.floor(random() * 24);
    const form = i % 4;
    const date =
      form === 0
        ? `2024-03-${String(day).padStart(2, "0")}`
        : form === 1
          ? `2024-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`
          : form === 2
            ? `2024-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+05:30`
            : `2024-03-${String(day).padStart(2, "0")}T00:00:00`; // same instant as the calendar date
    return validInput({
      eventId: `ev-${String(Math.floor(random() * 1e6)).padStart(6, "0")}-${i}`,
      date,
      status: statuses[i % statuses.length]!,
    });
  });
  for (let i = 0; i < inputs.length; i += 20) {
    made.push(...(await Promise.all(inputs.slice(i, i + 20).map((input) => events.create(input, SERVICE)))));
  }
  return made;
}

describe("order", () => {
  it("an empty table lists nothing, with no cursor", async () => {
    const events = await freshTable(client);
    expect(await events.list({}, SERVICE)).toEqual({ items: [], nextCursor: null });
    expect(await events.list({ status: "draft" }, SERVICE)).toEqual({ items: [], nextCursor: null });
    expect(await events.list({ from: "2024-01-01", to: "2024-12-31" }, SERVICE)).toEqual({ items: [], nextCursor: null });
  });

  it("orders by instant across notations and time zones, then by eventId", async () => {
    const events = await freshTable(client);
    const inputs = [
      { eventId: "z-late", date: "2024-12-15T17:00:00Z" }, // 17:00Z
      { eventId: "y-offset", date: "2024-12-15T18:30:00+02:00" }, // 16:30Z: before z-late
      { eventId: "x-prev-day", date: "2024-12-15T01:00:00+02:00" }, // 23:00Z on the 14th
      { eventId: "midnight-b", date: "2024-12-15" },
      { eventId: "midnight-a", date: "2024-12-15T00:00:00Z" },
      { eventId: "midnight-c", date: "2024-12-15T00:00:00" },
      { eventId: "midnight-d", date: "2024-12-14T19:00:00-05:00" },
      { eventId: "nano", date: "2024-12-15T00:00:00.000000001Z" },
      { eventId: "west", date: "2024-12-15T12:00:00-06:00" }, // 18:00Z
      { eventId: "next-day-local", date: "2024-12-16T00:30:00+01:00" }, // 23:30Z on the 15th
      { eventId: "early", date: "1999-01-01" },
      { eventId: "far", date: "9999-12-31T23:59:59.999999999Z" },
      { eventId: "first", date: "0000-01-01" },
    ];
    for (const input of [...inputs].reverse()) await events.create(validInput(input), SERVICE);
    const page = await events.list({}, SERVICE);
    expect(ids(page)).toEqual([
      "first",
      "early",
      "x-prev-day",
      "midnight-a",
      "midnight-b",
      "midnight-c",
      "midnight-d",
      "nano",
      "y-offset",
      "z-late",
      "west",
      "next-day-local",
      "far",
    ]);
    expect(ids(page)).toEqual(expectedOrder(inputs));
    expect(page.nextCursor).toBeNull();
    // dates come back exactly as sent
    for (const event of page.items) expect(event.date).toBe(inputs.find((i) => i.eventId === event.eventId)!.date);
  });

  it("breaks ties by eventId in character order (case-sensitive)", async () => {
    const events = await freshTable(client);
    const tied = ["b", "a", "B", "A", "a-1", "a.1", "a_1", "a~", "0", "9", "~", "-", "aa", "a"].filter(
      (id, i, all) => all.indexOf(id) === i,
    );
    for (const eventId of tied) await events.create(validInput({ eventId, date: "2024-06-01T12:00:00Z" }), SERVICE);
    const expected = [...tied].sort();
    expect(ids(await events.list({}, SERVICE))).toEqual(expected);
    expect(ids(await events.list({}, SERVICE))).toEqual(["-", "0", "9", "A", "B", "a", "a-1", "a.1", "a_1", "aa", "a~", "b", "~"]);
  });

  it("lists complete events, exactly as get returns them", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 12);
    const { items } = await events.list({}, SERVICE);
    expect(items).toHaveLength(12);
    for (const item of items) {
      expect(EventSchema.parse(item)).toEqual(item); // no index attributes leak out
      expect(item).toEqual(await events.get(item.eventId, SERVICE));
    }
    expect(ids({ items })).toEqual(expectedOrder(made));
  });
});

describe("status filter", () => {
  it("lists only that status, in the same order", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 30);
    for (const status of ["draft", "published", "cancelled", "completed", "active"] as const) {
      const page = await events.list({ status }, SERVICE);
      expect(page.items.every((e) => e.status === status)).toBe(true);
      expect(ids(page)).toEqual(expectedOrder(made.filter((e) => e.status === status)));
      expect(page.items).toHaveLength(6);
    }
  });

  it("a status with no events lists nothing", async () => {
    const events = await freshTable(client);
    await events.create(validInput({ status: "draft" }), SERVICE);
    expect(await events.list({ status: "completed" }, SERVICE)).toEqual({ items: [], nextCursor: null });
  });

  it("an unknown status is rejected", () => {
    expect(schemaError(ListEventsInputSchema, loose({ status: "archived" }))).toBeInstanceOf(ZodError);
    expect(schemaError(ListEventsInputSchema, loose({ status: "Published" }))).toBeInstanceOf(ZodError);
  });

  it("an unknown query parameter is ignored, as the original service did (cache-busters such as ?_=1)", async () => {
    const events = await freshTable(client);
    await events.create(validInput({ eventId: "only", status: "draft" }), SERVICE);
    const page = await events.list(loose({ _: "1700000000", status: "draft" }), SERVICE);
    expect(page.items.map((e) => e.eventId)).toEqual(["only"]);
  });
});

describe("from / to", () => {
  async function rangeTable() {
    const events = await freshTable(client);
    const inputs = [
      { eventId: "before", date: "2024-12-14T23:59:59.999999999Z" },
      { eventId: "offset-before", date: "2024-12-15T01:00:00+02:00" }, // 23:00Z on the 14th
      { eventId: "midnight-date", date: "2024-12-15" },
      { eventId: "midnight-time", date: "2024-12-15T00:00:00Z" },
      { eventId: "just-after", date: "2024-12-15T00:00:00.000000001Z" },
      { eventId: "noon", date: "2024-12-15T12:00:00Z", status: "published" as const },
      { eventId: "evening-local", date: "2024-12-15T23:30:00-01:00" }, // 00:30Z on the 16th
      { eventId: "next-day", date: "2024-12-16" },
    ];
    for (const input of inputs) await events.create(validInput(input), SERVICE);
    const range = async (query: ListEventsInput) => ids(await events.list(query, SERVICE));
    return { events, range };
  }

  it("from is inclusive, and a calendar date is its midnight UTC", async () => {
    const { range } = await rangeTable();
    expect(await range({})).toEqual([
      "offset-before", // 23:00Z on the 14th
      "before",
      "midnight-date",
      "midnight-time",
      "just-after",
      "noon",
      "next-day",
      "evening-local", // 00:30Z on the 16th
    ]);
    expect(await range({ from: "2024-12-15" })).toEqual([
      "midnight-date",
      "midnight-time",
      "just-after",
      "noon",
      "next-day",
      "evening-local",
    ]);
    expect(await range({ from: "2024-12-15T00:00:00.000000001Z" })).toEqual([
      "just-after",
      "noon",
      "next-day",
      "evening-local",
    ]);
    expect(await range({ from: "2024-12-16T00:30:00Z" })).toEqual(["evening-local"]);
    expect(await range({ from: "2024-12-16T00:30:00.000000001Z" })).toEqual([]);
  });

  it("to is inclusive, and a calendar date to counts as its midnight UTC", async () => {
    const { range } = await rangeTable();
    expect(await range({ to: "2024-12-15" })).toEqual(["offset-before", "before", "midnight-date", "midnight-time"]);
    expect(await range({ to: "2024-12-14T23:59:59.999999999Z" })).toEqual(["offset-before", "before"]);
    expect(await range({ to: "2024-12-15T12:00:00Z" })).toEqual([
      "offset-before",
      "before",
      "midnight-date",
      "midnight-time",
      "just-after",
      "noon",
    ]);
    expect(await range({ to: "2024-12-14T23:00:00Z" })).toEqual(["offset-before"]);
    expect(await range({ to: "2024-12-14T22:59:59.999999999Z" })).toEqual([]);
  });

  it("bounds are compared as instants, whatever their time zone", async () => {
    const { range } = await rangeTable();
    // 2024-12-15T01:00+02:00 is 23:00Z on the 14th; 2024-12-15T14:00+02:00 is 12:00Z.
    expect(await range({ from: "2024-12-15T01:00:00+02:00", to: "2024-12-15T14:00:00+02:00" })).toEqual([
      "offset-before",
      "before",
      "midnight-date",
      "midnight-time",
      "just-after",
      "noon",
    ]);
    // a from whose text sorts after the to, but whose instant does not
    expect(await range({ from: "2024-12-15T01:00:00+02:00", to: "2024-12-15" })).toEqual([
      "offset-before",
      "before",
      "midnight-date",
      "midnight-time",
    ]);
    // 2024-12-16T00:00+01:00 is 23:00Z on the 15th
    expect(await range({ from: "2024-12-16T00:00:00+01:00", to: "2024-12-16T00:30:00Z" })).toEqual([
      "next-day",
      "evening-local",
    ]);
    expect(await range({ from: "2024-12-15T23:30:00-01:00", to: "2024-12-15T23:30:00-01:00" })).toEqual(["evening-local"]);
  });

  it("from equal to to lists the events at that instant", async () => {
    const { range } = await rangeTable();
    expect(await range({ from: "2024-12-15", to: "2024-12-15T00:00:00Z" })).toEqual(["midnight-date", "midnight-time"]);
    expect(await range({ from: "2024-12-15T12:00:00Z", to: "2024-12-15T12:00:00Z" })).toEqual(["noon"]);
    expect(await range({ from: "2024-12-15T06:00:00Z", to: "2024-12-15T06:00:00Z" })).toEqual([]);
  });

  it("combines with the status filter", async () => {
    const { range } = await rangeTable();
    expect(await range({ status: "published", from: "2024-12-15", to: "2024-12-15T12:00:00Z" })).toEqual(["noon"]);
    expect(await range({ status: "published", to: "2024-12-15T11:59:59Z" })).toEqual([]);
    expect(await range({ status: "draft", from: "2024-12-15", to: "2024-12-15T12:00:00Z" })).toEqual([
      "midnight-date",
      "midnight-time",
      "just-after",
    ]);
  });

  it("from after to is InvalidQueryError", async () => {
    const { events } = await rangeTable();
    const error = await rejection(events.list({ from: "2024-12-16", to: "2024-12-15" }, SERVICE), InvalidQueryError);
    expect(error.field).toBe("from");
    expect(error.message).toContain("from");
    await rejection(events.list({ from: "2024-12-15T00:00:00.000000001Z", to: "2024-12-15" }, SERVICE), InvalidQueryError);
    // 12:00+02:00 is 10:00Z, after 09:00Z although its text sorts first
    await rejection(events.list({ from: "2024-12-15T12:00:00+02:00", to: "2024-12-15T09:00:00Z" }, SERVICE), InvalidQueryError);
    await rejection(events.list({ status: "draft", from: "2025-01-01", to: "2024-01-01" }, SERVICE), InvalidQueryError);
  });

  it("invalid bounds are rejected", () => {
    expect(schemaError(ListEventsInputSchema, { from: "2024-02-30" })).toBeInstanceOf(ZodError);
    expect(schemaError(ListEventsInputSchema, { to: "2024-12-15T24:00:00Z" })).toBeInstanceOf(ZodError);
    expect(schemaError(ListEventsInputSchema, { from: "yesterday" })).toBeInstanceOf(ZodError);
  });
});

describe("pages", () => {
  it("57 events, limit 10: every event exactly once, in order, over 6 pages", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 57, 57);
    const pages = await walk(events, { limit: 10 });
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 10, 10, 7]);
    for (const page of pages.slice(0, -1)) expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const walked = pages.flatMap(ids);
    expect(new Set(walked).size).toBe(57);
    expect(walked).toEqual(expectedOrder(made));
    expect(walked).toEqual(ids(await events.list({ limit: 1000 }, SERVICE)));
  });

  it("the last page has no cursor when the total is an exact multiple of the limit", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 50, 50);
    const pages = await walk(events, { limit: 10 });
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 10, 10]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages.flatMap(ids)).toEqual(expectedOrder(made));

    const whole = await events.list({ limit: 50 }, SERVICE);
    expect(whole.items).toHaveLength(50);
    expect(whole.nextCursor).toBeNull();

    const two = await walk(events, { limit: 49 });
    expect(two.map((p) => p.items.length)).toEqual([49, 1]);
    expect(two.at(-1)!.nextCursor).toBeNull();

    const halves = await walk(events, { limit: 25 });
    expect(halves.map((p) => p.items.length)).toEqual([25, 25]);
  });

  it("limit 1 walks every event one at a time", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 13, 13);
    const pages = await walk(events, { limit: 1 });
    expect(pages).toHaveLength(13);
    expect(pages.flatMap(ids)).toEqual(expectedOrder(made));
  });

  it("pages through a status filter and a date range", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 60, 60);
    const published = expectedOrder(made.filter((e) => e.status === "published"));
    expect(published).toHaveLength(12);
    const pages = await walk(events, { status: "published", limit: 5 });
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(pages.flatMap(ids)).toEqual(published);

    const from = "2024-03-08";
    const to = "2024-03-20T12:00:00+05:30";
    const inRange = made.filter((e) => instantKey(e.date)! >= instantKey(from)! && instantKey(e.date)! <= instantKey(to)!);
    expect(inRange.length).toBeGreaterThan(7);
    const rangePages = await walk(events, { from, to, limit: 7 });
    expect(rangePages.flatMap(ids)).toEqual(expectedOrder(inRange));
    expect(rangePages.at(-1)!.nextCursor).toBeNull();

    const both = made.filter((e) => e.status === "draft" && inRange.includes(e));
    const bothPages = await walk(events, { status: "draft", from, to, limit: 2 });
    expect(bothPages.flatMap(ids)).toEqual(expectedOrder(both));
  });

  it("default limit is 100", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 101, 101);
    const first = await events.list({}, SERVICE);
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    const second = await events.list({ cursor: first.nextCursor! }, SERVICE);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect([...ids(first), ...ids(second)]).toEqual(expectedOrder(made));
  });

  it("limit must be 1..1000", async () => {
    const events = await freshTable(client);
    await events.create(validInput(), SERVICE);
    for (const limit of [0, 1001, -1, 1.5]) {
      const error = schemaError(ListEventsInputSchema, { limit });
      expect(error.issues[0]!.path).toEqual(["limit"]);
    }
    expect((await events.list({ limit: 1 }, SERVICE)).items).toHaveLength(1);
    expect((await events.list({ limit: 1000 }, SERVICE)).items).toHaveLength(1);
  });

  it("a cursor is a position: events created or deleted meanwhile are neither repeated nor skipped", async () => {
    const events = await freshTable(client);
    for (let day = 1; day <= 9; day++) await events.create(validInput({ eventId: `d${day}`, date: `2024-05-0${day}` }), SERVICE);
    const first = await events.list({ limit: 3 }, SERVICE);
    expect(ids(first)).toEqual(["d1", "d2", "d3"]);

    // the event the cursor points at is deleted, one is added before it and one after it
    await events.delete("d3", SERVICE);
    await events.create(validInput({ eventId: "d0", date: "2024-04-30" }), SERVICE);
    await events.create(validInput({ eventId: "d4b", date: "2024-05-04T12:00:00Z" }), SERVICE);
    const second = await events.list({ limit: 3, cursor: first.nextCursor! }, SERVICE);
    expect(ids(second)).toEqual(["d4", "d4b", "d5"]);
    const rest = await walk(events, { limit: 3, cursor: second.nextCursor! });
    expect(rest.flatMap(ids)).toEqual(["d6", "d7", "d8", "d9"]);
  });

  it("a cursor continues a different query from the same position, within that query's bounds", async () => {
    const events = await freshTable(client);
    for (let day = 1; day <= 9; day++) {
      await events.create(
        validInput({ eventId: `d${day}`, date: `2024-05-0${day}`, status: day % 2 === 0 ? "published" : "draft" }), SERVICE,
      );
    }
    const afterD2 = (await events.list({ limit: 2 }, SERVICE)).nextCursor!;
    expect(ids(await events.list({ cursor: afterD2 }, SERVICE))).toEqual(["d3", "d4", "d5", "d6", "d7", "d8", "d9"]);
    expect(ids(await events.list({ cursor: afterD2, status: "published" }, SERVICE))).toEqual(["d4", "d6", "d8"]);
    // a cursor before the range starts at the range's start
    expect(ids(await events.list({ cursor: afterD2, from: "2024-05-06" }, SERVICE))).toEqual(["d6", "d7", "d8", "d9"]);
    // a cursor past the range ends it
    const afterD7 = (await events.list({ limit: 7 }, SERVICE)).nextCursor!;
    expect(await events.list({ cursor: afterD7, to: "2024-05-05" }, SERVICE)).toEqual({ items: [], nextCursor: null });
    expect(ids(await events.list({ cursor: afterD7, to: "2024-05-08" }, SERVICE))).toEqual(["d8"]);
  });
});

describe("bad cursors", () => {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
  let shared: Promise<EventService> | undefined;
  const oneEventTable = () =>
    (shared ??= freshTable(client).then(async (events) => {
      await events.create(validInput(), SERVICE);
      return events;
    }));

  it.each([
    ["random text", "not a cursor!"],
    ["empty", ""],
    ["one character", "x"],
    ["random letters", "abcdefghijklmnop"],
    ["standard base64 padding", "YWJj=="],
    ["base64 with + and /", "ab+/cd"],
    ["base64 of junk", b64("hello world")],
    ["base64 of JSON", b64(JSON.stringify({ eventId: "x", dateOrder: "y" }))],
    ["base64 of a bare instant", b64("2024-12-15T00:00:00.000000000Z")],
    ["base64 of a position without an id", b64("2024-12-15T00:00:00.000000000Z#")],
    ["base64 of a position with a space in the id", b64("2024-12-15T00:00:00.000000000Z#bad id")],
    ["base64 of a position with a slash in the id", b64("2024-12-15T00:00:00.000000000Z#a/b")],
    ["base64 of a position with a non-ASCII id", b64("2024-12-15T00:00:00.000000000Z#é")],
    ["base64 of a position with a 129-character id", b64(`2024-12-15T00:00:00.000000000Z#${"x".repeat(129)}`)],
    ["base64 of a position with a millisecond instant", b64("2024-12-15T00:00:00.000Z#abc")],
    ["base64 of a position with a calendar date", b64("2024-12-15#abc")],
    ["base64 of a position with a trailing newline", b64("2024-12-15T00:00:00.000000000Z#abc\n")],
    ["base64 of a position with a store key prefix", b64("$event_1#dateOrder_2024-12-15T00:00:00.000000000Z#abc")],
    ["base64 of binary", Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]).toString("base64url")],
    ["too long for a cursor", "A".repeat(401)],
    ["non-ASCII", "é"],
  ])("%s is InvalidQueryError", async (_, cursor) => {
    const events = await oneEventTable();
    const error = await rejection(events.list({ cursor }, SERVICE), InvalidQueryError);
    expect(error.field).toBe("cursor");
    await rejection(events.list({ cursor, status: "draft" }, SERVICE), InvalidQueryError);
    await rejection(events.list({ cursor, from: "2024-01-01", limit: 5 }, SERVICE), InvalidQueryError);
  });

  it("an absurdly long cursor is rejected by the schema", () => {
    const error = schemaError(ListEventsInputSchema, { cursor: "A".repeat(5000) });
    expect(error.issues[0]!.path).toEqual(["cursor"]);
  });

  it("a well-formed cursor for a position with no event is fine", async () => {
    const events = await freshTable(client);
    await events.create(validInput({ eventId: "a", date: "2024-01-01" }), SERVICE);
    await events.create(validInput({ eventId: "b", date: "2024-01-02" }), SERVICE);
    const cursor = b64("2024-01-01T12:00:00.000000000Z#nobody");
    expect(ids(await events.list({ cursor }, SERVICE))).toEqual(["b"]);
  });
});

describe("list never scans", () => {
  it("uses Query on an index for every kind of list, never Scan", async () => {
    const events = await freshTable(client);
    const made = await seed(events, 25, 25);
    const recorder = recordCommands(client);
    try {
      await events.list({}, SERVICE);
      await events.list({ status: "published" }, SERVICE);
      await events.list({ from: "2024-03-10", to: "2024-03-20" }, SERVICE);
      await events.list({ status: "draft", from: "2024-03-10" }, SERVICE);
      await walk(events, { limit: 4 });
      await walk(events, { status: "cancelled", limit: 2 });
      await walk(events, { from: "2024-03-05", to: "2024-03-25", limit: 3 });
    } finally {
      recorder.stop();
    }
    const names = recorder.names();
    expect(names.length).toBeGreaterThan(10);
    expect(names).not.toContain("ScanCommand");
    expect(new Set(names)).toEqual(new Set(["QueryCommand"]));
    const indexNames = new Set(recorder.commands.map((c) => c.input.IndexName));
    expect(indexNames).toEqual(
      new Set([EVENTS_TABLE.globalIndexes.byDate.indexName, EVENTS_TABLE.globalIndexes.byStatus.indexName]),
    );
    for (const command of recorder.commands) expect(command.input.FilterExpression).toBeUndefined();
    expect(made).toHaveLength(25);
  });

  it("reads only what it returns (ScannedCount), however big the table", async () => {
    const events = await freshTable(client);
    // 60 drafts spread over the year, 3 published, 2 events inside a narrow range
    const creates = [];
    for (let i = 0; i < 60; i++) {
      const month = String(1 + (i % 12)).padStart(2, "0");
      creates.push(events.create(validInput({ eventId: `draft-${i}`, date: `2023-${month}-10`, status: "draft" }), SERVICE));
    }
    for (let i = 0; i < 3; i++) creates.push(events.create(validInput({ eventId: `pub-${i}`, date: `2023-0${i + 1}-15`, status: "published" }), SERVICE));
    await Promise.all(creates);
    await events.create(validInput({ eventId: "in-range-1", date: "2024-07-01T10:00:00Z" }), SERVICE);
    await events.create(validInput({ eventId: "in-range-2", date: "2024-07-01T12:00:00+01:00" }), SERVICE);

    const scanned = async (query: ListEventsInput) => {
      const recorder = recordCommands(client);
      try {
        const page = await events.list(query, SERVICE);
        const counts = recorder.commands.map((c) => Number(c.output.ScannedCount));
        expect(recorder.names().every((n) => n === "QueryCommand")).toBe(true);
        return { page, scanned: counts.reduce((a, b) => a + b, 0) };
      } finally {
        recorder.stop();
      }
    };

    const published = await scanned({ status: "published" });
    expect(ids(published.page)).toEqual(["pub-0", "pub-1", "pub-2"]);
    expect(published.scanned).toBe(3);

    const range = await scanned({ from: "2024-07-01", to: "2024-07-01T23:59:59Z" });
    expect(ids(range.page)).toEqual(["in-range-1", "in-range-2"]); // 10:00Z, then 11:00Z
    expect(range.scanned).toBe(2);

    // a page reads its own items and the one that tells whether more exist, not the rest
    const page = await scanned({ status: "draft", limit: 5 });
    expect(page.page.items).toHaveLength(5);
    expect(page.scanned).toBeLessThanOrEqual(6);
    const next = await scanned({ limit: 5, cursor: page.page.nextCursor! });
    expect(next.page.items).toHaveLength(5);
    expect(next.scanned).toBeLessThanOrEqual(6);
  });
});

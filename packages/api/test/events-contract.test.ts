/**
 * The event operations that REST and tRPC share, through the real app over a
 * real store: one set of cases, run over REST and over tRPC. What only one
 * transport has (problem details and headers, tRPC's codes and envelope) is
 * checked in the same case for that transport; the rest of REST's contract is
 * in rest-*.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { etagPattern, expectFieldError, expectProblem } from "./rest-helpers.js";
import { restSurface, trpcSurface, type Answer, type Surface } from "./surfaces.js";

const api = await startTestApi();

/** Invalid fields a create names in its 422, storing nothing. */
const INVALID_CREATES: [name: string, overrides: Record<string, unknown>, field: string][] = [
  ["blank title", { title: "   " }, "title"],
  ["empty title", { title: "" }, "title"],
  ["title of 201 characters", { title: "t".repeat(201) }, "title"],
  ["title not a string", { title: 42 }, "title"],
  ["title null", { title: null }, "title"],
  ["description of 1001 characters", { description: "d".repeat(1001) }, "description"],
  ["blank description", { description: " \t " }, "description"],
  ["blank location", { location: " " }, "location"],
  ["location of 201 characters", { location: "l".repeat(201) }, "location"],
  ["blank organizer", { organizer: "" }, "organizer"],
  ["organizer of 101 characters", { organizer: "o".repeat(101) }, "organizer"],
  ["date 2024-02-30", { date: "2024-02-30" }, "date"],
  ["date 2023-02-29", { date: "2023-02-29" }, "date"],
  ["date 2024-13-01", { date: "2024-13-01" }, "date"],
  ["date 2024-12-15T25:00:00Z", { date: "2024-12-15T25:00:00Z" }, "date"],
  ["date not ISO", { date: "15/12/2024" }, "date"],
  ["date as a number", { date: 20241215 }, "date"],
  ["capacity as a string", { capacity: "500" }, "capacity"],
  ["capacity 1.5", { capacity: 1.5 }, "capacity"],
  ["capacity 0", { capacity: 0 }, "capacity"],
  ["capacity -1", { capacity: -1 }, "capacity"],
  ["capacity 100001", { capacity: 100001 }, "capacity"],
  ["capacity null", { capacity: null }, "capacity"],
  ["unknown status", { status: "open" }, "status"],
  ["status in capitals", { status: "PUBLISHED" }, "status"],
  ["unknown field capcity", { capcity: 500 }, "capcity"],
  ["eventId with a space", { eventId: "a b" }, "eventId"],
  ["eventId with a slash", { eventId: "a/b" }, "eventId"],
  ["eventId of 129 characters", { eventId: "x".repeat(129) }, "eventId"],
  ["empty eventId", { eventId: "" }, "eventId"],
  ["eventId with non-ASCII", { eventId: "café" }, "eventId"],
  ["eventId as a number", { eventId: 12 }, "eventId"],
];

describe.each([restSurface(api), trpcSurface(api)])("events over $name", (s: Surface) => {
  let counter = 0;
  const fresh = (label: string) => `${s.name}-${label}-${++counter}`;
  const isRest = s.name === "REST";

  async function seed(overrides: Record<string, unknown> = {}) {
    const created = await s.createEvent(newEvent({ eventId: fresh("evt"), ...overrides }));
    expect(created.status, created.detail).toBe(201);
    return created.body as Record<string, unknown> & { eventId: string; version: number };
  }
  async function stored(eventId: string) {
    const res = await s.getEvent(eventId);
    expect(res.status, res.detail).toBe(200);
    return res;
  }
  const eventIds = async () => ((await s.listEvents({ limit: 1000 })).body as { eventId: string }[]).map((e) => e.eventId);
  /** Runs a request that must be rejected and checks that the store did not change. */
  async function rejected(send: () => Promise<Answer>) {
    const before = (await eventIds()).sort();
    const result = await send();
    expect((await eventIds()).sort()).toEqual(before);
    return result;
  }
  /** The failure's status, and its code over tRPC. */
  function expectFailure(answer: Answer, status: number, code: string) {
    expect(answer.status, answer.detail).toBe(status);
    if (!isRest) expect(answer.code).toBe(code);
  }

  it("creates (status defaults to draft), reads, updates (a draft stays a draft) and deletes (then GET is 404)", async () => {
    const eventId = fresh("life");
    const { status: _none, ...body } = newEvent({ eventId });
    const created = await s.createEvent(body);
    expect(created.status, created.detail).toBe(201);
    expect(created.body).toMatchObject({ eventId, status: "draft", version: 1 });

    const fetched = await s.getEvent(eventId);
    expect(fetched.body).toEqual(created.body);
    expect(fetched.body.status).toBe("draft");

    const updated = await s.updateEvent(eventId, { location: "Berlin", capacity: 600, expectedVersion: 1 });
    expect(updated.status, updated.detail).toBe(200);
    expect(updated.body).toMatchObject({ location: "Berlin", capacity: 600, status: "draft", version: 2, title: created.body.title });

    const deleted = await s.deleteEvent(eventId, { expectedVersion: 2 });
    expect(deleted.status, deleted.detail).toBe(204);
    if (isRest) {
      expect(deleted.rest!.text).toBe("");
      expect(deleted.rest!.headers.get("content-type")).toBeNull();
      expect(deleted.rest!.headers.get("x-request-id")).toBeTruthy();
    }
    const gone = await s.getEvent(eventId);
    expectFailure(gone, 404, "NOT_FOUND");
    expect(gone.detail).toBe("Event not found");
    if (isRest) expectProblem(gone.rest!, 404, "Event not found");
    else expect(gone.trpcError!.message).toBe("Event not found");
    expect(await eventIds()).not.toContain(eventId);
  });

  it("a duplicate id is a 409 and leaves the original unchanged", async () => {
    const original = await seed({ title: "Original" });
    const dup = await s.createEvent(newEvent({ eventId: original.eventId, title: "Overwrite", capacity: 7 }));
    expectFailure(dup, 409, "CONFLICT");
    expect(dup.detail).toContain(original.eventId);
    if (isRest) {
      expectProblem(dup.rest!, 409);
      expect(dup.location).toBeNull();
      expect(dup.etag).toBeNull();
    }
    const after = await stored(original.eventId);
    expect(after.body).toEqual(original);
    if (isRest) expect(after.etag).toMatch(etagPattern(1));
  });

  it("a stale version (expectedVersion, or If-Match) is a 412 and nothing changed", async () => {
    const untouched = await seed();
    const stale = await s.updateEvent(untouched.eventId, { title: "New", expectedVersion: 7 });
    expectFailure(stale, 412, "PRECONDITION_FAILED");
    expect((await stored(untouched.eventId)).body.title).toBe(newEvent().title);

    const event = await seed();
    expect((await s.updateEvent(event.eventId, { title: "Second" })).status).toBe(200);
    const current = (await stored(event.eventId)).body;
    const lost = await s.updateEvent(event.eventId, { title: "Lost update" }, '"1"');
    expectFailure(lost, 412, "PRECONDITION_FAILED");
    if (isRest) {
      expectProblem(lost.rest!, 412);
      expect(lost.etag).toBeNull();
    }
    expect((await stored(event.eventId)).body).toEqual(current);
  });

  it("honours If-Match as a header: a stale one is a 412, the current one applies", async () => {
    const event = await seed();
    const stale = await s.updateEvent(event.eventId, { title: "X" }, '"5"');
    expectFailure(stale, 412, "PRECONDITION_FAILED");
    // Over REST the ETag a GET sent; over tRPC the same quoted version.
    const read = await stored(event.eventId);
    const etag = read.etag ?? `"${read.body.version}"`;
    const ok = await s.updateEvent(event.eventId, { title: "Matched" }, etag);
    expect(ok.status, ok.detail).toBe(200);
    expect(ok.body.version).toBe(2);
    if (isRest) expect(ok.etag).toMatch(etagPattern(2));
  });

  it("an update with no fields is a 400 No fields to update, nothing changed", async () => {
    const event = await seed();
    const res = await s.updateEvent(event.eventId, {});
    expectFailure(res, 400, "BAD_REQUEST");
    expect(res.detail).toBe("No fields to update");
    if (isRest) expectProblem(res.rest!, 400, "No fields to update");
    else expect(res.trpcError!.message).toBe("No fields to update");
    expect((await stored(event.eventId)).body).toEqual(event);
  });

  describe("a create with an invalid field is a 422 naming it, storing nothing", () => {
    for (const [name, overrides, field] of INVALID_CREATES) {
      it(`${name} -> 422 naming ${field}`, async () => {
        const res = await rejected(() => s.createEvent(newEvent(overrides)));
        expect(res.status, res.detail).toBe(422);
        expect(res.fields).toContain(field);
        if (isRest) {
          expectFieldError(res.rest!, field);
          expect(res.location).toBeNull();
        } else {
          expect(res.code).toBe("BAD_REQUEST");
        }
      });
    }

    it("capacity as a string: one entry with the rule, nothing internal", async () => {
      const res = await rejected(() => s.createEvent({ ...newEvent(), capacity: "500", eventId: fresh("invalid") }));
      expect(res.errors).toEqual([{ field: "capacity", message: "must be an integer from 1 to 100000" }]);
      if (!isRest) {
        expect(res.code).toBe("BAD_REQUEST");
        expect(JSON.stringify(res.trpcError!.shape)).not.toMatch(/stack|at \w+ \(/);
      }
    });
  });

  it("lists pages in date order, each no longer than the limit", async () => {
    const status = "cancelled";
    // A year of its own for each transport, so that each lists only its own events.
    const year = isRest ? 2031 : 2032;
    const dates = [`${year}-03-01`, `${year}-01-01T10:00:00+05:00`, `${year}-01-01T06:00:00Z`, `${year}-02-01`];
    const ids = dates.map((_, i) => `${s.name}-page-${i}`);
    await Promise.all(dates.map((date, i) => s.createEvent(newEvent({ eventId: ids[i], date, status }))));

    const listed = await s.listEvents({ status, from: `${year}-01-01`, to: `${year}-12-31`, limit: 3 });
    expect(listed.status, listed.detail).toBe(200);
    for (const page of listed.pages!) expect(page.length).toBeLessThanOrEqual(3);
    // 10:00+05:00 is 05:00Z, before 06:00Z.
    expect((listed.body as { eventId: string }[]).map((e) => e.eventId)).toEqual([ids[1], ids[2], ids[3], ids[0]]);
  });
});

describe("tRPC's own list shape", () => {
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${api.baseUrl}/trpc` })] });

  it("lists every event without any input, as { items, nextCursor }", async () => {
    const page = await client.events.list.query();
    expect(Array.isArray(page.items)).toBe(true);
    expect(page).toHaveProperty("nextCursor");
  });
});

/** PUT and DELETE /events/{eventId} over HTTP: partial updates, 404 without ghosts, 400, 422, If-Match/412, 204. */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { allEvents, etagPattern, expectFieldError, expectProblem, rawRequest, tick } from "./rest-helpers.js";

const api = await startTestApi();

let counter = 0;
/** Creates an event with a fresh id and returns its stored body. */
async function seed(overrides: Record<string, unknown> = {}) {
  const eventId = `ud-${++counter}`;
  const res = await api.json("POST", "/events", newEvent({ eventId, ...overrides }));
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, unknown> & { eventId: string; version: number; createdAt: string; updatedAt: string };
}

async function stored(eventId: string) {
  const res = await api.json("GET", `/events/${eventId}`);
  expect(res.status, res.text).toBe(200);
  return res;
}

describe("PUT /events/{eventId}: partial update", () => {
  it("200: only the sent fields change; version, ETag and updatedAt move on; createdAt and status stay", async () => {
    const before = await seed({ status: "published", capacity: 500 });
    await tick();
    const res = await api.json("PUT", `/events/${before.eventId}`, { title: "Renamed", capacity: 750 });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("etag")).toMatch(etagPattern(2));
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.body).toEqual({
      ...before,
      title: "Renamed",
      capacity: 750,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(res.body.status).toBe("published");
    expect(res.body.createdAt).toBe(before.createdAt);
    expect(res.body.updatedAt > before.updatedAt).toBe(true);

    const after = await stored(before.eventId);
    expect(after.body).toEqual(res.body);
    expect(after.headers.get("etag")).toMatch(etagPattern(2));
  });

  it("every writable field can be changed, each on its own", async () => {
    const event = await seed();
    const changes: Record<string, unknown> = {
      title: "New title",
      description: "New description",
      date: "2025-01-02T03:04:05+01:00",
      location: "Lisbon",
      capacity: 100000,
      organizer: "New organizer",
      status: "cancelled",
    };
    let version = event.version;
    for (const [field, value] of Object.entries(changes)) {
      const res = await api.json("PUT", `/events/${event.eventId}`, { [field]: value });
      expect(res.status, res.text).toBe(200);
      version += 1;
      expect(res.body[field]).toBe(value);
      expect(res.body.version).toBe(version);
      expect(res.headers.get("etag")).toMatch(etagPattern(version));
    }
    expect((await stored(event.eventId)).body).toMatchObject(changes);
  });

  it("each update bumps the version by one", async () => {
    const event = await seed();
    for (let expected = 2; expected <= 4; expected++) {
      const res = await api.json("PUT", `/events/${event.eventId}`, { capacity: expected });
      expect(res.body.version).toBe(expected);
      expect(res.headers.get("etag")).toMatch(etagPattern(expected));
    }
  });
});

describe("PUT /events/{eventId}: nothing is created for a missing id", () => {
  it("404 Event not found, and GET is still 404", async () => {
    const res = await api.json("PUT", "/events/ghost-1", { title: "Ghost" });
    expectProblem(res, 404, "Event not found");
    expectProblem(await api.json("GET", "/events/ghost-1"), 404, "Event not found");
    expect((await allEvents(api)).map((e) => e.eventId)).not.toContain("ghost-1");
  });

  it("a full body for a missing id is still 404 (no upsert)", async () => {
    const res = await api.json("PUT", "/events/ghost-2", newEvent());
    expectProblem(res, 404, "Event not found");
    expectProblem(await api.json("GET", "/events/ghost-2"), 404);
  });

  it("a missing id with If-Match is 404, not 412", async () => {
    expectProblem(await api.json("PUT", "/events/ghost-3", { title: "x" }, { "If-Match": '"1"' }), 404);
    expectProblem(await api.json("PUT", "/events/ghost-3", { title: "x" }, { "If-Match": "*" }), 404);
    expectProblem(await api.json("GET", "/events/ghost-3"), 404);
  });

  it("ids are case-sensitive: updating evt-case does not touch EVT-CASE", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "EVT-CASE", title: "Upper" }));
    expectProblem(await api.json("PUT", "/events/evt-case", { title: "Lower" }), 404);
    expect((await stored("EVT-CASE")).body.title).toBe("Upper");
    expectProblem(await api.json("GET", "/events/evt-case"), 404);
  });
});

describe("PUT /events/{eventId}: 400 when there is nothing to update", () => {
  // {}, over REST and tRPC: events-contract.test.ts.
  it("an empty body (application/json) -> 400 No fields to update", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, "");
    expectProblem(res, 400, "No fields to update");
    expect((await stored(event.eventId)).body).toEqual(event);
  });

  it("a whitespace-only body -> 400 No fields to update", async () => {
    const event = await seed();
    expectProblem(await api.json("PUT", `/events/${event.eventId}`, "  \n"), 400, "No fields to update");
  });

  it("only read-only fields -> 400 No fields to update (they are ignored)", async () => {
    const event = await seed();
    const { createdAt, updatedAt, version } = event;
    const res = await api.json("PUT", `/events/${event.eventId}`, { createdAt, updatedAt, version });
    expectProblem(res, 400, "No fields to update");
    expect((await stored(event.eventId)).body).toEqual(event);
  });
});

describe("PUT /events/{eventId}: GET -> edit -> PUT", () => {
  it("the whole GET body sent back with one change is accepted; read-only fields are ignored", async () => {
    const event = await seed();
    const got = await stored(event.eventId);
    await tick();
    const res = await api.json("PUT", `/events/${event.eventId}`, { ...got.body, title: "Edited" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ ...event, title: "Edited", version: 2, updatedAt: expect.any(String) });
    expect(res.body.updatedAt > event.updatedAt).toBe(true);
  });

  it("read-only values that differ from the stored ones are ignored, not stored", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, {
      eventId: event.eventId,
      title: "Edited",
      createdAt: "2000-01-01T00:00:00.000Z",
      updatedAt: "2000-01-01T00:00:00.000Z",
      version: 99,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.createdAt).toBe(event.createdAt);
    expect(res.body.updatedAt).not.toBe("2000-01-01T00:00:00.000Z");
    expect(res.body.version).toBe(2);
    expect(res.headers.get("etag")).toMatch(etagPattern(2));
    expect((await stored(event.eventId)).body).toEqual(res.body);
  });

  it("an eventId that differs from the path -> 422 naming eventId, nothing changed", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, { eventId: "someone-else", title: "Moved" });
    expectFieldError(res, "eventId");
    expect((await stored(event.eventId)).body).toEqual(event);
    expectProblem(await api.json("GET", "/events/someone-else"), 404);
  });

  it("an eventId differing only in case -> 422", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, { eventId: event.eventId.toUpperCase(), title: "x" });
    expectFieldError(res, "eventId");
    expect((await stored(event.eventId)).body).toEqual(event);
  });
});

describe("PUT /events/{eventId}: 422 for an invalid field, nothing changed", () => {
  const cases: [name: string, body: Record<string, unknown>, field: string][] = [
    ["blank title", { title: "  " }, "title"],
    ["title of 201 characters", { title: "t".repeat(201) }, "title"],
    ["title null", { title: null }, "title"],
    ["description of 1001 characters", { description: "d".repeat(1001) }, "description"],
    ["date 2024-02-30", { date: "2024-02-30" }, "date"],
    ["capacity as a string", { capacity: "500" }, "capacity"],
    ["capacity 1.5", { capacity: 1.5 }, "capacity"],
    ["capacity 0", { capacity: 0 }, "capacity"],
    ["capacity 100001", { capacity: 100001 }, "capacity"],
    ["unknown status", { status: "archived" }, "status"],
    ["unknown field capcity", { capcity: 10 }, "capcity"],
    ["a valid field next to an unknown one", { title: "Fine", capcity: 10 }, "capcity"],
  ];
  for (const [name, body, field] of cases) {
    it(`${name} -> 422 naming ${field}`, async () => {
      const event = await seed();
      const res = await api.json("PUT", `/events/${event.eventId}`, body);
      expectFieldError(res, field);
      expect(res.headers.get("etag")).toBeNull();
      expect((await stored(event.eventId)).body).toEqual(event);
    });
  }

  it("a JSON array -> 422; malformed JSON -> 400; text/plain -> 415; nothing changed", async () => {
    const event = await seed();
    expectProblem(await api.json("PUT", `/events/${event.eventId}`, [{ title: "x" }]), 422);
    expectProblem(await api.json("PUT", `/events/${event.eventId}`, '{"title": '), 400);
    const res = await api.request(`/events/${event.eventId}`, {
      method: "PUT",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ title: "x" }),
    });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await stored(event.eventId)).body).toEqual(event);
  });
});

describe("PUT /events/{eventId}: a body over 1 MiB", () => {
  it("-> 413, nothing changed", async () => {
    const event = await seed();
    const body = JSON.stringify({ title: "x".repeat(1024 * 1024 + 1) });
    // A fresh connection: see rest-create.test.ts, "the connection after an early rejection".
    const res = await rawRequest(api, "PUT", `/events/${event.eventId}`, { headers: { "Content-Type": "application/json" }, body });
    expectProblem(res, 413);
    expect((await stored(event.eventId)).body).toEqual(event);
  });
});

describe("PUT /events/{eventId}: If-Match", () => {
  // The current and a stale ETag, over REST and tRPC: events-contract.test.ts.
  it("If-Match: * -> 200", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, { title: "Any" }, { "If-Match": "*" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.version).toBe(2);
  });

  it('a weak ETag W/"1" never matches (strong comparison) -> 412, nothing changed', async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, { title: "Weak" }, { "If-Match": 'W/"1"' });
    expectProblem(res, 412);
    expect((await stored(event.eventId)).body).toEqual(event);
  });

  it("a list of ETags that includes the current one -> 200", async () => {
    const event = await seed();
    const res = await api.json("PUT", `/events/${event.eventId}`, { title: "Listed" }, { "If-Match": '"7", "1"' });
    expect(res.status, res.text).toBe(200);
  });

  it("an unquoted or garbage If-Match -> 412, nothing changed", async () => {
    const event = await seed();
    for (const value of ["1", "garbage", '"abc"', '""']) {
      const res = await api.json("PUT", `/events/${event.eventId}`, { title: "x" }, { "If-Match": value });
      expectProblem(res, 412);
    }
    expect((await stored(event.eventId)).body).toEqual(event);
  });

  it("the ETag of one response is the If-Match of the next", async () => {
    const event = await seed();
    let etag = (await stored(event.eventId)).headers.get("etag")!;
    for (let i = 0; i < 3; i++) {
      const res = await api.json("PUT", `/events/${event.eventId}`, { capacity: 10 + i }, { "If-Match": etag });
      expect(res.status, res.text).toBe(200);
      etag = res.headers.get("etag")!;
    }
    expect(etag).toMatch(etagPattern(4));
  });
});

describe("DELETE /events/{eventId}", () => {
  // 204, then GET is 404, over REST and tRPC: events-contract.test.ts.
  it("404 when there is no such event; a second delete is 404", async () => {
    expectProblem(await api.json("DELETE", "/events/never-was"), 404, "Event not found");
    const event = await seed();
    expect((await api.json("DELETE", `/events/${event.eventId}`)).status).toBe(204);
    expectProblem(await api.json("DELETE", `/events/${event.eventId}`), 404, "Event not found");
  });

  it("a stale If-Match -> 412 and the event is still there", async () => {
    const event = await seed();
    await api.json("PUT", `/events/${event.eventId}`, { title: "v2" });
    const res = await api.json("DELETE", `/events/${event.eventId}`, undefined, { "If-Match": '"1"' });
    expectProblem(res, 412);
    const still = await stored(event.eventId);
    expect(still.body.title).toBe("v2");
    expect(still.body.version).toBe(2);
  });

  it('a weak If-Match W/"1" -> 412 and the event is still there', async () => {
    const event = await seed();
    expectProblem(await api.json("DELETE", `/events/${event.eventId}`, undefined, { "If-Match": 'W/"1"' }), 412);
    await stored(event.eventId);
  });

  it("the current If-Match, or *, -> 204", async () => {
    const a = await seed();
    const etag = (await stored(a.eventId)).headers.get("etag")!;
    expect((await api.json("DELETE", `/events/${a.eventId}`, undefined, { "If-Match": etag })).status).toBe(204);
    expectProblem(await api.json("GET", `/events/${a.eventId}`), 404);

    const b = await seed();
    expect((await api.json("DELETE", `/events/${b.eventId}`, undefined, { "If-Match": "*" })).status).toBe(204);
    expectProblem(await api.json("GET", `/events/${b.eventId}`), 404);
  });

  it("If-Match on a missing event -> 404, not 412", async () => {
    expectProblem(await api.json("DELETE", "/events/gone-missing", undefined, { "If-Match": '"1"' }), 404);
    expectProblem(await api.json("DELETE", "/events/gone-missing", undefined, { "If-Match": "*" }), 404);
  });

  it("ids are case-sensitive: deleting del-case leaves DEL-CASE", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "DEL-CASE" }));
    expectProblem(await api.json("DELETE", "/events/del-case"), 404);
    await stored("DEL-CASE");
  });

  it("an id can be created again after it was deleted (version starts at 1)", async () => {
    const event = await seed();
    await api.json("PUT", `/events/${event.eventId}`, { title: "v2" });
    expect((await api.json("DELETE", `/events/${event.eventId}`)).status).toBe(204);
    const again = await api.json("POST", "/events", newEvent({ eventId: event.eventId }));
    expect(again.status, again.text).toBe(201);
    expect(again.body.version).toBe(1);
    expect(again.headers.get("etag")).toMatch(etagPattern(1));
  });

  it("a copy of a deleted event neither revalidates nor writes against its re-created successor (same id, same version)", async () => {
    const event = await seed();
    const old = (await stored(event.eventId)).headers.get("etag")!;
    expect((await api.json("DELETE", `/events/${event.eventId}`)).status).toBe(204);
    await tick(); // another createdAt, to the millisecond
    const again = await api.json("POST", "/events", newEvent({ eventId: event.eventId }));
    expect(again.body.version).toBe(1);
    const current = again.headers.get("etag")!;
    expect(current).toMatch(etagPattern(1));
    expect(current).not.toBe(old);

    const revalidated = await api.json("GET", `/events/${event.eventId}`, undefined, { "If-None-Match": old });
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get("etag")).toBe(current);
    expect((await api.json("GET", `/events/${event.eventId}`, undefined, { "If-None-Match": current })).status).toBe(304);

    const before = await stored(event.eventId);
    expectProblem(await api.json("PUT", `/events/${event.eventId}`, { title: "Stale" }, { "If-Match": old }), 412);
    expectProblem(await api.json("DELETE", `/events/${event.eventId}`, undefined, { "If-Match": old }), 412);
    expect((await stored(event.eventId)).text).toBe(before.text);
    // With the current tag it applies; the plain "<version>" form compares the version alone.
    expect((await api.json("PUT", `/events/${event.eventId}`, { title: "Current" }, { "If-Match": `${old}, ${current}` })).status).toBe(200);
    expect((await api.json("PUT", `/events/${event.eventId}`, { title: "Plain" }, { "If-Match": '"2"' })).status).toBe(200);
  });
});

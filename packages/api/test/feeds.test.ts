/**
 * The calendar feeds over HTTP (the real app over a real store), read back
 * with ical.js and checked field by field against the API's own JSON.
 */
import { describe, expect, it } from "vitest";
import type ICAL from "ical.js";
import { eventUid } from "../src/protocol/calendar/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { etagPattern, expectProblem } from "./rest-helpers.js";
import { byUid, integer, parseFeed, text, time } from "./calendar/ical-parse.js";

const api = await startTestApi();
const SERVICE_KEY = "feeds-test-service-key-0123456789abcdef";
const secured = await startTestApi({ apiKey: SERVICE_KEY });
let counter = 0;
const fresh = (name: string) => `feed-${name}-${++counter}`;

async function create(overrides: Record<string, unknown> = {}) {
  const res = await api.json("POST", "/events", newEvent({ eventId: fresh("e"), ...overrides }));
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, string> & { eventId: string; version: number };
}

async function feed(path: string, headers: Record<string, string> = {}) {
  const res = await api.request(path, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The VEVENT of an event in a feed, by its UID. */
function veventOf(body: string, eventId: string): ICAL.Component | undefined {
  return byUid(parseFeed(body).events).get(eventUid(eventId));
}

/** A month of its own per test, so that each test's feed holds only its own events. */
const range = (month: string) => `from=${month}-01&to=${month}-28T23:59:59Z`;

describe("GET /events/{eventId}/calendar.ics", () => {
  it("one VEVENT matching the event's JSON, field by field", async () => {
    const created = await create({ date: "2031-03-05T18:30:00+02:00", organizer: "Ada, Grace; & Co" });
    const res = await feed(`/events/${created.eventId}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    const json = (await api.json("GET", `/events/${created.eventId}`)).body;
    const { calendar, events } = parseFeed(res.text);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(events).toHaveLength(1);
    const vevent = events[0]!;
    expect(text(vevent, "uid")).toBe(eventUid(json.eventId));
    expect(text(vevent, "summary")).toBe(json.title);
    expect(text(vevent, "description")).toBe(json.description);
    expect(text(vevent, "location")).toBe(json.location);
    expect(vevent.getFirstProperty("organizer")!.getParameter("cn")).toBe(json.organizer);
    // 18:30 at +02:00 is 16:30 UTC.
    expect(time(vevent, "dtstart")).toEqual({ type: "date-time", value: "2031-03-05T16:30:00Z", utc: true });
    const toSecond = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`;
    expect(time(vevent, "last-modified")).toMatchObject({ value: toSecond(json.updatedAt), utc: true });
    expect(time(vevent, "dtstamp")).toMatchObject({ value: toSecond(json.updatedAt), utc: true });
    expect(integer(vevent, "sequence")).toBe(json.version - 1);
    expect(text(vevent, "status")).toBe("CONFIRMED");
    expect(text(vevent, "url")).toBe(`${api.baseUrl}/events/${json.eventId}`);
  });

  it("a calendar date is a VALUE=DATE", async () => {
    const created = await create({ date: "2031-04-07" });
    const vevent = veventOf((await feed(`/events/${created.eventId}/calendar.ics`)).text, created.eventId)!;
    expect(time(vevent, "dtstart")).toMatchObject({ type: "date", value: "2031-04-07" });
  });

  it("the tricky text round-trips through HTTP: commas, semicolons, newlines, backslashes, non-ASCII, 200 characters", async () => {
    const title = `${"Ünïcødé 🎉, ; \\ ".repeat(12)}`.slice(0, 180) + "x".repeat(20);
    const created = await create({
      title: [...title].slice(0, 200).join(""),
      description: "Line one,\nline two; with \\ backslash\r\nand «quotes» — 日本語",
      location: "Room 1; Floor 2, Building \"A\"",
    });
    const res = await feed(`/events/${created.eventId}/calendar.ics`);
    for (const line of res.text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(res.text.endsWith("\r\n")).toBe(true);
    const json = (await api.json("GET", `/events/${created.eventId}`)).body;
    const vevent = veventOf(res.text, created.eventId)!;
    expect(text(vevent, "summary")).toBe(json.title);
    expect(text(vevent, "description")).toBe(json.description.replace(/\r\n/g, "\n"));
    expect(text(vevent, "location")).toBe(json.location);
  });

  it("a cancelled event is STATUS:CANCELLED", async () => {
    const created = await create({ status: "cancelled" });
    const vevent = veventOf((await feed(`/events/${created.eventId}/calendar.ics`)).text, created.eventId)!;
    expect(text(vevent, "status")).toBe("CANCELLED");
  });

  it("404 problem for a missing event; ids with dots are ids (a.ics), not feeds", async () => {
    expectProblem(await api.json("GET", "/events/nope/calendar.ics"), 404, "Event not found");
    const dotted = await create({ eventId: "a.ics" });
    const asJson = await api.json("GET", "/events/a.ics");
    expect(asJson.status).toBe(200);
    expect(asJson.body.eventId).toBe("a.ics");
    const res = await feed("/events/a.ics/calendar.ics");
    expect(res.status).toBe(200);
    expect(veventOf(res.text, dotted.eventId)).toBeDefined();
    const encoded = await feed("/events/a%2Eics/calendar.ics");
    expect(encoded.text).toBe(res.text);
    expectProblem(await api.json("GET", "/events/events.ics"), 404, "Event not found");
  });

  it("405 with Allow for other methods; HEAD is GET without the body", async () => {
    const created = await create();
    const put = await api.json("PUT", `/events/${created.eventId}/calendar.ics`, {});
    expectProblem(put, 405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const get = await feed(`/events/${created.eventId}/calendar.ics`);
    const head = await api.request(`/events/${created.eventId}/calendar.ics`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await head.text()).toBe("");
  });
});

describe("GET /events.ics", () => {
  it("without a status: the published and active events only, in the order of GET /events", async () => {
    const month = "2032-01";
    for (const overrides of [
      { date: "2032-01-20", status: "published" },
      { date: "2032-01-03T10:00:00-05:00", status: "active" },
      { date: "2032-01-03T14:00:00Z", status: "published" },
      { date: "2032-01-10", status: "draft" },
      { date: "2032-01-11", status: "cancelled" },
      { date: "2032-01-12", status: "completed" },
    ]) await create(overrides);
    const res = await feed(`/events.ics?${range(month)}`);
    expect(res.status).toBe(200);
    const all = (await api.json("GET", `/events?${range(month)}`)).body as { eventId: string; status: string }[];
    const expected = all.filter((e) => e.status === "published" || e.status === "active").map((e) => eventUid(e.eventId));
    expect(expected).toHaveLength(3);
    expect(parseFeed(res.text).events.map((e) => text(e, "uid"))).toEqual(expected);
  });

  it("?status= gives that status's events, exactly those of GET /events?status=, field by field", async () => {
    const month = "2032-02";
    await create({ date: "2032-02-02", status: "cancelled", title: "Called off" });
    await create({ date: "2032-02-03T09:00:00+09:00", status: "cancelled" });
    await create({ date: "2032-02-04", status: "published" });
    const res = await feed(`/events.ics?status=cancelled&${range(month)}`);
    const json = (await api.json("GET", `/events?status=cancelled&${range(month)}`)).body as { eventId: string; title: string; version: number }[];
    const { events } = parseFeed(res.text);
    expect(events.map((e) => text(e, "uid"))).toEqual(json.map((e) => eventUid(e.eventId)));
    for (const [i, e] of json.entries()) {
      expect(text(events[i]!, "summary")).toBe(e.title);
      expect(text(events[i]!, "status")).toBe("CANCELLED");
      expect(integer(events[i]!, "sequence")).toBe(e.version - 1);
    }
  });

  it("invalid filters: the same 422 problems as GET /events", async () => {
    for (const query of ["status=soon", "from=tomorrow", "to=2024-02-30", "status=published&status=draft", "from=2024-02-01&to=2024-01-01"]) {
      const fromFeed = await api.json("GET", `/events.ics?${query}`);
      const fromList = await api.json("GET", `/events?${query}`);
      expectProblem(fromFeed, 422);
      expect({ query, body: fromFeed.body }).toEqual({ query, body: fromList.body });
    }
  });

  it("Content-Type, 405 for writes", async () => {
    const res = await feed("/events.ics?from=2099-01-01");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(parseFeed(res.text).events).toEqual([]);
    expectProblem(await api.json("POST", "/events.ics", {}), 405);
  });
});

describe("conditional GETs", () => {
  it("a feed: 304 with the ETag and no body for one tag, a list, W/ and *; another tag gets 200", async () => {
    const created = await create({ date: "2032-03-03" });
    const path = `/events/${created.eventId}/calendar.ics`;
    const first = await feed(path);
    const etag = first.headers.get("etag")!;
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, "*"]) {
      const res = await feed(path, { "If-None-Match": ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.text).toBe("");
    }
    const other = await feed(path, { "If-None-Match": '"other"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it("a feed's ETag stays through unrelated reads and changes with an update, with a higher SEQUENCE", async () => {
    const month = "2032-04";
    const created = await create({ date: "2032-04-04" });
    const path = `/events.ics?${range(month)}`;
    const before = await feed(path);
    await api.json("GET", `/events/${created.eventId}`);
    await api.json("GET", "/events");
    const again = await feed(path);
    expect(again.headers.get("etag")).toBe(before.headers.get("etag"));
    expect(again.text).toBe(before.text);

    const updated = await api.json("PUT", `/events/${created.eventId}`, { title: "Renamed" });
    expect(updated.status).toBe(200);
    const stale = await feed(path, { "If-None-Match": before.headers.get("etag")! });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const [oldEvent, newEvent] = [veventOf(before.text, created.eventId)!, veventOf(stale.text, created.eventId)!];
    expect(integer(newEvent, "sequence")).toBeGreaterThan(integer(oldEvent, "sequence"));
    expect(text(newEvent, "summary")).toBe("Renamed");
  });

  it("GET /events/{eventId}: 304 for its ETag (one, a list, *), 200 otherwise; HEAD too", async () => {
    const created = await create();
    const path = `/events/${created.eventId}`;
    const etag = (await api.json("GET", path)).headers.get("etag")!;
    expect(etag).toMatch(etagPattern(1));
    for (const ifNoneMatch of [etag, `"7", ${etag}`, "*"]) {
      const res = await api.request(path, { headers: { "If-None-Match": ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(await res.text()).toBe("");
    }
    const head = await api.request(path, { method: "HEAD", headers: { "If-None-Match": etag } });
    expect(head.status).toBe(304);
    // The plain version is not this event's tag (it would match a re-created event at version 1 too).
    const other = await api.json("GET", path, undefined, { "If-None-Match": '"1"' });
    expect(other.status).toBe(200);
    expect(other.body.eventId).toBe(created.eventId);
    await api.json("PUT", path, { capacity: 10 });
    const afterUpdate = await api.json("GET", path, undefined, { "If-None-Match": etag });
    expect(afterUpdate.status).toBe(200);
    expect(afterUpdate.headers.get("etag")).toMatch(etagPattern(2));
    expectProblem(await api.json("GET", "/events/missing-one", undefined, { "If-None-Match": "*" }), 404);
  });
});

describe("the OpenAPI document and /docs", () => {
  it("a credential is never needed for the public feeds, but one sent and refused is the documented 401", async () => {
    await secured.json("POST", "/events", newEvent({ eventId: "feed-credential" }), { "x-api-key": SERVICE_KEY });
    for (const path of ["/events.ics", "/events/feed-credential/calendar.ics"]) {
      expect((await secured.request(path)).status).toBe(200);
      const refused = await secured.request(path, { headers: { "x-api-key": "not-the-key" } });
      expect([refused.status, refused.headers.get("www-authenticate")]).toEqual([401, expect.stringContaining('error="invalid_token"')]);
    }
  });

  it("documents both feeds with text/calendar 200, 304, and their problems", async () => {
    const doc = (await api.json("GET", "/openapi.json")).body;
    const events = doc.paths["/events.ics"].get;
    expect(Object.keys(events.responses)).toEqual(["200", "304", "401", "422", "503"]);
    expect(events.responses["200"].content["text/calendar"]).toBeDefined();
    expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(["status", "from", "to", "If-None-Match"]);
    const one = doc.paths["/events/{eventId}/calendar.ics"].get;
    expect(Object.keys(one.responses)).toEqual(["200", "304", "401", "404", "503"]);
    expect(doc.paths["/events/{eventId}"].get.responses["304"]).toBeDefined();
    const page = await api.request("/docs");
    expect(page.status).toBe(200);
  });
});

/**
 * GET /users/{userId}/calendar.ics over HTTP: the events a person holds a place at, read back with ical.js
 * and checked against the API's own JSON (their registrations, then each event). Pages of 2, so the feed
 * walks several list pages, some holding only waitlisted entries.
 */
import { describe, expect, it } from "vitest";
import { MAX_FEED_EVENTS, eventUid } from "../src/protocol/calendar/index.js";
import { newEvent, startTestApi, type TestApi } from "./harness.js";
import { expectProblem } from "./rest-helpers.js";
import { byUid, integer, parseFeed, text, time } from "./calendar/ical-parse.js";

const api = await startTestApi({ feedPageSize: 2 });
/** For the maximum: pages of 100, without hundreds of requests. */
const big = await startTestApi({ feedPageSize: 100 });
let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

async function create(overrides: Record<string, unknown> = {}, on: TestApi = api) {
  const res = await on.json("POST", "/events", newEvent({ eventId: fresh("ufeed"), ...overrides }));
  expect(res.status, res.text).toBe(201);
  return res.body as { eventId: string };
}

async function register(eventId: string, userId: string, on: TestApi = api): Promise<string> {
  const res = await on.json("POST", `/events/${eventId}/registrations`, { userId });
  expect(res.status, res.text).toBe(201);
  return res.body.status;
}

async function feed(userId: string, headers: Record<string, string> = {}) {
  const res = await api.request(`/users/${userId}/calendar.ics`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const uids = (body: string) => parseFeed(body).events.map((event) => text(event, "uid"));

/** Every registration of the user, over every page of GET /users/{userId}/registrations. */
async function registrationsOf(userId: string): Promise<{ eventId: string; status: string }[]> {
  const all: { eventId: string; status: string }[] = [];
  let path: string | undefined = `/users/${userId}/registrations?limit=2`;
  while (path) {
    const res = await api.json("GET", path);
    expect(res.status).toBe(200);
    all.push(...res.body);
    path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1]?.replace(api.baseUrl, "");
  }
  return all;
}

/** A user with a place at three events (one of them cancelled since), waitlisted at two, and a full event's other people. */
async function personWithPlaces() {
  const userId = fresh("person");
  const first = await create({ date: "2036-03-10T09:00:00+01:00", title: "Kick-off, day 1; «café»" });
  const second = await create({ date: "2036-01-05", status: "active" });
  const calledOff = await create({ date: "2036-02-01T18:00:00Z" });
  const full = await create({ date: "2036-01-20T10:00:00Z", capacity: 1, waitlistEnabled: true });
  const fullToo = await create({ date: "2036-02-20T10:00:00Z", capacity: 1, waitlistEnabled: true });
  for (const event of [full, fullToo]) expect(await register(event.eventId, fresh("early"))).toBe("registered");
  for (const event of [first, second, calledOff]) expect(await register(event.eventId, userId)).toBe("registered");
  for (const event of [full, fullToo]) expect(await register(event.eventId, userId)).toBe("waitlisted");
  expect((await api.json("PUT", `/events/${calledOff.eventId}`, { status: "cancelled" })).status).toBe(200);
  return { userId, first, second, calledOff, full, fullToo };
}

describe("GET /users/{userId}/calendar.ics", () => {
  it("the events of the user's registered places, in their list's order, field by field; waitlisted ones left out", async () => {
    const { userId, full, fullToo, calledOff } = await personWithPlaces();
    const res = await feed(userId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);

    const registrations = await registrationsOf(userId);
    expect(registrations.map((r) => r.status).sort()).toEqual(["registered", "registered", "registered", "waitlisted", "waitlisted"]);
    const held = registrations.filter((r) => r.status === "registered").map((r) => r.eventId);
    expect(uids(res.text)).toEqual(held.map(eventUid));
    expect(uids(res.text)).not.toContain(eventUid(full.eventId));
    expect(uids(res.text)).not.toContain(eventUid(fullToo.eventId));

    const vevents = byUid(parseFeed(res.text).events);
    for (const eventId of held) {
      const json = (await api.json("GET", `/events/${eventId}`)).body;
      const vevent = vevents.get(eventUid(eventId))!;
      expect(text(vevent, "summary")).toBe(json.title);
      expect(text(vevent, "description")).toBe(json.description);
      expect(text(vevent, "location")).toBe(json.location);
      expect(vevent.getFirstProperty("organizer")!.getParameter("cn")).toBe(json.organizer);
      expect(integer(vevent, "sequence")).toBe(json.version - 1);
      expect(text(vevent, "status")).toBe(json.status === "cancelled" ? "CANCELLED" : "CONFIRMED");
      expect(text(vevent, "url")).toBe(`${api.baseUrl}/events/${eventId}`);
    }
    // A cancelled event stays in the person's calendar, so that the app marks or removes it.
    expect(text(vevents.get(eventUid(calledOff.eventId))!, "status")).toBe("CANCELLED");
    expect(time(vevents.values().next().value!, "dtstart")).toMatchObject({ type: "date", value: "2036-01-05" });
  });

  it("a place given from the waitlist brings its event in; a cancelled registration takes it out, with a new ETag", async () => {
    const { userId, full } = await personWithPlaces();
    const before = await feed(userId);
    const etag = before.headers.get("etag")!;
    const holder = (await api.json("GET", `/events/${full.eventId}/registrations?status=registered`)).body[0].userId as string;

    // The person holding the full event's place leaves: the user, first in line, gets it.
    expect((await api.json("DELETE", `/events/${full.eventId}/registrations/${holder}`)).status).toBe(204);
    const promoted = await feed(userId, { "If-None-Match": etag });
    expect(promoted.status).toBe(200);
    expect(uids(promoted.text)).toContain(eventUid(full.eventId));
    expect(uids(promoted.text)).toEqual((await registrationsOf(userId)).filter((r) => r.status === "registered").map((r) => eventUid(r.eventId)));

    expect((await api.json("DELETE", `/events/${full.eventId}/registrations/${userId}`)).status).toBe(204);
    const left = await feed(userId, { "If-None-Match": promoted.headers.get("etag")! });
    expect(left.status).toBe(200);
    expect(uids(left.text)).not.toContain(eventUid(full.eventId));
    expect(left.headers.get("etag")).not.toBe(promoted.headers.get("etag"));
  });

  it("a deleted event leaves the feed", async () => {
    const { userId, first } = await personWithPlaces();
    const before = await feed(userId);
    expect(uids(before.text)).toContain(eventUid(first.eventId));
    expect((await api.json("DELETE", `/events/${first.eventId}`)).status).toBe(204);
    const after = await feed(userId, { "If-None-Match": before.headers.get("etag")! });
    expect(after.status).toBe(200);
    expect(uids(after.text)).not.toContain(eventUid(first.eventId));
    expect(uids(after.text)).toHaveLength(uids(before.text).length - 1);
  });

  it("304 with the ETag and no body while nothing changed (one tag, a list, *); an unrelated event's change keeps the ETag", async () => {
    const { userId } = await personWithPlaces();
    const first = await feed(userId);
    const etag = first.headers.get("etag")!;
    const unrelated = await create({ date: "2036-01-06" });
    await register(unrelated.eventId, fresh("someone-else"));
    for (const ifNoneMatch of [etag, `"other", ${etag}`, "*"]) {
      const res = await feed(userId, { "If-None-Match": ifNoneMatch });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(res.text).toBe("");
    }
    const other = await feed(userId, { "If-None-Match": '"other"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it("a user with no registrations gets a valid, empty calendar", async () => {
    const res = await feed(fresh("nobody"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const { calendar, events } = parseFeed(res.text);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(events).toEqual([]);
  });

  it("an invalid userId: the 422 problem of GET /users/{userId}/registrations; writes are 405", async () => {
    for (const userId of ["a!b", "x".repeat(129), "a%20b", "caf%C3%A9"]) {
      const fromFeed = await api.json("GET", `/users/${userId}/calendar.ics`);
      const fromList = await api.json("GET", `/users/${userId}/registrations`);
      expectProblem(fromFeed, 422);
      expect(fromFeed.body.errors.map((e: { field: string }) => e.field)).toEqual(["userId"]);
      expect({ userId, body: fromFeed.body }).toEqual({ userId, body: fromList.body });
    }
    const put = await api.json("PUT", "/users/someone/calendar.ics", {});
    expectProblem(put, 405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("is in the OpenAPI document: text/calendar 200, 304, 401 and 403 (secured mode), 422, 503", async () => {
    const doc = (await api.json("GET", "/openapi.json")).body;
    const op = doc.paths["/users/{userId}/calendar.ics"].get;
    expect(Object.keys(op.responses)).toEqual(["200", "304", "401", "403", "422", "503"]);
    expect(op.responses["200"].content["text/calendar"]).toBeDefined();
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(["userId", "If-None-Match"]);
  });
});

describe(`the most a person's feed holds: ${MAX_FEED_EVENTS} events, counted as places, not as entries read`, () => {
  const userId = "busy-person";

  it(`${MAX_FEED_EVENTS} places and waitlisted entries after them: all ${MAX_FEED_EVENTS}, no 422; one place more: 422`, { timeout: 120_000 }, async () => {
    const events = Array.from({ length: MAX_FEED_EVENTS + 1 }, (_, i) =>
      newEvent({ eventId: `busy-${i}`, date: `2037-01-${String((i % 28) + 1).padStart(2, "0")}T10:00:00Z` }),
    );
    await big.dynamo.services.bulkLoad(events.slice(0, MAX_FEED_EVENTS));
    const ids = events.slice(0, MAX_FEED_EVENTS).map((e) => e.eventId);
    for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map((id) => register(id, userId, big)));
    // Later than every place: a whole page and more of waitlisted entries after the last event held.
    for (let i = 0; i < 3; i++) {
      const { eventId } = await create({ date: `2037-02-0${i + 1}`, capacity: 1, waitlistEnabled: true }, big);
      await register(eventId, `first-${i}`, big);
      expect(await register(eventId, userId, big)).toBe("waitlisted");
    }
    const res = await big.request(`/users/${userId}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(uids(await res.text())).toHaveLength(MAX_FEED_EVENTS);

    const last = await create({ date: "2037-03-01" }, big);
    await register(last.eventId, userId, big);
    expectProblem(await big.json("GET", `/users/${userId}/calendar.ics`), 422, new RegExp(`more than ${MAX_FEED_EVENTS} events`));
  });
});

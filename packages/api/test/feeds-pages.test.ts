/**
 * Feeds of more than one list page (a page size of 2, so a handful of events
 * spans several), and the most a feed holds (MAX_FEED_EVENTS, loaded in bulk,
 * read in pages of 100).
 */
import { describe, expect, it } from "vitest";
import { MAX_FEED_EVENTS, eventUid } from "../src/protocol/calendar/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { expectProblem } from "./rest-helpers.js";
import { parseFeed, text } from "./calendar/ical-parse.js";

const api = await startTestApi({ feedPageSize: 2 });
/** For the maximum: still several pages (of 100), without hundreds of requests. */
const big = await startTestApi({ feedPageSize: 100 });

/** Every page of GET /events for this query, following Link rel=next. */
async function listAll(query: string): Promise<{ eventId: string }[]> {
  const all: { eventId: string }[] = [];
  let path: string | undefined = `/events?${query}&limit=3`;
  while (path) {
    const res = await api.json("GET", path);
    all.push(...res.body);
    path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1]?.replace(api.baseUrl, "");
  }
  return all;
}

const uids = (body: string) => parseFeed(body).events.map((event) => text(event, "uid"));

describe("a feed of several pages", () => {
  it("holds every event of every page, published and active merged in date order", async () => {
    const statuses = ["published", "active", "published", "active", "active", "published", "published", "draft"] as const;
    for (const [i, status] of statuses.entries()) {
      const day = String(28 - i * 3).padStart(2, "0");
      const res = await api.json("POST", "/events", newEvent({ eventId: `paged-${i}`, status, date: `2033-01-${day}T0${i}:00:00+01:00` }));
      expect(res.status).toBe(201);
    }
    const res = await api.request("/events.ics?from=2033-01-01&to=2033-01-31");
    expect(res.status).toBe(200);
    const expected = (await listAll("from=2033-01-01&to=2033-01-31")).filter((e) => !e.eventId.endsWith("-7")).map((e) => eventUid(e.eventId));
    expect(expected).toHaveLength(7);
    expect(uids(await res.text())).toEqual(expected);
  });

  it("one status over several pages", async () => {
    const res = await api.request("/events.ics?status=published&from=2033-01-01&to=2033-01-31");
    expect(uids(await res.text())).toEqual((await listAll("status=published&from=2033-01-01&to=2033-01-31")).map((e) => eventUid(e.eventId)));
  });
});

describe(`the most a feed holds: ${MAX_FEED_EVENTS} events`, () => {
  const load = (count: number, month: string) =>
    big.dynamo.services.bulkLoad(
      Array.from({ length: count }, (_, i) => newEvent({ eventId: `bulk-${month}-${i}`, date: `${month}-${String((i % 28) + 1).padStart(2, "0")}T10:00:00Z` })),
    );

  it(`exactly ${MAX_FEED_EVENTS}: all of them`, async () => {
    await load(MAX_FEED_EVENTS, "2034-02");
    const res = await big.request("/events.ics?from=2034-02-01&to=2034-02-28T23:59:59Z");
    expect(res.status).toBe(200);
    expect(uids(await res.text())).toHaveLength(MAX_FEED_EVENTS);
  });

  it("one more: a 422 problem asking for a narrower range, not a cut list", async () => {
    await load(MAX_FEED_EVENTS + 1, "2034-03");
    const res = await big.json("GET", "/events.ics?from=2034-03-01&to=2034-03-28T23:59:59Z");
    expectProblem(res, 422, new RegExp(`more than ${MAX_FEED_EVENTS} events.*narrow it with from and to`));
    const narrower = await big.request("/events.ics?from=2034-03-01&to=2034-03-14T23:59:59Z");
    expect(narrower.status).toBe(200);
  });

  it("more than the most across the two default statuses together", async () => {
    const half = MAX_FEED_EVENTS / 2;
    await big.dynamo.services.bulkLoad(
      Array.from({ length: MAX_FEED_EVENTS + 1 }, (_, i) =>
        newEvent({ eventId: `mixed-${i}`, status: i <= half ? "published" : "active", date: `2034-04-${String((i % 28) + 1).padStart(2, "0")}` }),
      ),
    );
    expectProblem(await big.json("GET", "/events.ics?from=2034-04-01&to=2034-04-30"), 422);
    const published = await big.request("/events.ics?status=published&from=2034-04-01&to=2034-04-30");
    expect(uids(await published.text())).toHaveLength(half + 1);
  });
});

/**
 * GET /events over HTTP: a JSON array ordered by instant (across time zones) then
 * eventId, status and date-range filters, and Link-header pagination.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { expectFieldError, expectProblem, nextLink } from "./rest-helpers.js";

const api = await startTestApi();

interface Seed {
  eventId: string;
  date: string;
  /** The instant `date` names, in UTC: what the list orders by. */
  instant: string;
  status: string;
}

/** Dates whose text order is not their time order. */
const ZONED: Seed[] = [
  { eventId: "l-a", date: "2024-12-15T18:30:00+02:00", instant: "2024-12-15T16:30:00.000Z", status: "published" },
  { eventId: "l-b", date: "2024-12-15T16:30:00Z", instant: "2024-12-15T16:30:00.000Z", status: "draft" },
  { eventId: "l-c", date: "2024-12-15", instant: "2024-12-15T00:00:00.000Z", status: "published" },
  { eventId: "l-d", date: "2024-12-14T23:00:00-02:00", instant: "2024-12-15T01:00:00.000Z", status: "cancelled" },
  { eventId: "l-e", date: "2024-12-15T17:00:00", instant: "2024-12-15T17:00:00.000Z", status: "published" },
  { eventId: "l-f", date: "2024-12-15T10:00:00-08:00", instant: "2024-12-15T18:00:00.000Z", status: "published" },
  { eventId: "l-g", date: "2024-01-01T00:00:00.5Z", instant: "2024-01-01T00:00:00.500Z", status: "completed" },
  { eventId: "l-h", date: "2025-06-01T00:00:00+14:00", instant: "2025-05-31T10:00:00.000Z", status: "active" },
  { eventId: "l-i", date: "2025-05-31T12:00Z", instant: "2025-05-31T12:00:00.000Z", status: "published" },
  // Same instant as l-a/l-b, written a third way: ordered among them by eventId.
  { eventId: "l-0", date: "2024-12-15T16:30:00.000Z", instant: "2024-12-15T16:30:00.000Z", status: "published" },
];

/** Enough events for more than one default page (100): 2026-03-01, one minute apart, some sharing a minute. */
const BULK: Seed[] = Array.from({ length: 96 }, (_, i) => {
  const minute = Math.floor(i / 2); // two events per instant: the id breaks the tie
  const hh = String(Math.floor(minute / 60)).padStart(2, "0");
  const mm = String(minute % 60).padStart(2, "0");
  return {
    eventId: `bulk-${String(95 - i).padStart(3, "0")}`, // ids run against the dates
    date: `2026-03-01T${hh}:${mm}:00Z`,
    instant: `2026-03-01T${hh}:${mm}:00.000Z`,
    status: i % 3 === 0 ? "published" : "draft",
  };
});

const ALL = [...ZONED, ...BULK];
const byOrder = (a: Seed, b: Seed) =>
  a.instant < b.instant ? -1 : a.instant > b.instant ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
const ids = (seeds: Seed[]) => [...seeds].sort(byOrder).map((s) => s.eventId);
const bodyIds = (body: unknown) => (body as { eventId: string }[]).map((e) => e.eventId);

beforeAll(async () => {
  // Created out of order, a few at a time.
  const shuffled = [...ALL].sort((a, b) => (a.eventId.split("").reverse().join("") < b.eventId.split("").reverse().join("") ? -1 : 1));
  for (let i = 0; i < shuffled.length; i += 8) {
    await Promise.all(
      shuffled.slice(i, i + 8).map(async (seed) => {
        const res = await api.json("POST", "/events", newEvent({ eventId: seed.eventId, date: seed.date, status: seed.status }));
        expect(res.status, res.text).toBe(201);
      }),
    );
  }
});

/** Follows `Link: rel="next"` from `path` to the end; returns every page. */
async function walk(path: string) {
  const pages: { ids: string[]; link: string | null }[] = [];
  let next: string | undefined = path;
  while (next) {
    const res = await api.json("GET", next);
    expect(res.status, res.text).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    pages.push({ ids: bodyIds(res.body), link: res.headers.get("link") });
    next = nextLink(res.headers.get("link"));
    expect(pages.length).toBeLessThan(ALL.length + 2); // never loops
  }
  return pages;
}

describe("GET /events: the list", () => {
  it("200, a plain JSON array of full events, with an X-Request-Id", async () => {
    const res = await api.json("GET", "/events?limit=1000");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(ALL.length);
    const first = (res.body as Record<string, unknown>[]).find((e) => e.eventId === "l-a")!;
    expect(first).toEqual({
      ...newEvent({ eventId: "l-a", date: "2024-12-15T18:30:00+02:00", status: "published" }),
      waitlistEnabled: false,
      registeredCount: 0,
      waitlistCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
  });

  it("ordered by the instant of date, across time zones, then eventId; dates returned as sent", async () => {
    const res = await api.json("GET", "/events?limit=1000");
    expect(bodyIds(res.body)).toEqual(ids(ALL));
    expect(bodyIds(res.body).slice(0, 10)).toEqual(["l-g", "l-c", "l-d", "l-0", "l-a", "l-b", "l-e", "l-f", "l-h", "l-i"]);
    for (const event of res.body as { eventId: string; date: string }[]) {
      expect(event.date).toBe(ALL.find((s) => s.eventId === event.eventId)!.date);
    }
  });

  it("without a limit, the first 100 events and a Link to the rest", async () => {
    const res = await api.json("GET", "/events");
    expect(res.status).toBe(200);
    expect(bodyIds(res.body)).toEqual(ids(ALL).slice(0, 100));
    const next = nextLink(res.headers.get("link"));
    expect(next).toBeDefined();
    const rest = await api.json("GET", next!);
    expect(bodyIds(rest.body)).toEqual(ids(ALL).slice(100));
    expect(rest.headers.get("link")).toBeNull();
  });

  it("an empty page is []: from a range with no events", async () => {
    const res = await api.json("GET", "/events?from=2030-01-01");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.text.trim()).toBe("[]");
    expect(res.headers.get("link")).toBeNull();
  });

  it("an update of date moves the event in the order", async () => {
    const created = await api.json("POST", "/events", newEvent({ eventId: "l-moving", date: "2031-01-01", status: "completed" }));
    expect(created.status).toBe(201);
    let res = await api.json("GET", "/events?from=2031-01-01");
    expect(bodyIds(res.body)).toEqual(["l-moving"]);
    expect((await api.json("PUT", "/events/l-moving", { date: "2031-01-02T00:00:00+05:00" })).status).toBe(200);
    res = await api.json("GET", "/events?from=2031-01-01T19:00:00Z&to=2031-01-01T19:00:00Z");
    expect(bodyIds(res.body)).toEqual(["l-moving"]);
    expect((await api.json("DELETE", "/events/l-moving")).status).toBe(204);
    expect((await api.json("GET", "/events?from=2031-01-01")).body).toEqual([]);
  });
});

describe("GET /events?status=", () => {
  it("?status=published: only published events, same order", async () => {
    const res = await api.json("GET", "/events?status=published&limit=1000");
    expect(res.status).toBe(200);
    expect(bodyIds(res.body)).toEqual(ids(ALL.filter((s) => s.status === "published")));
    for (const event of res.body as { status: string }[]) expect(event.status).toBe("published");
  });

  it("every status filters to exactly its events", async () => {
    for (const status of ["draft", "published", "cancelled", "completed", "active"]) {
      const res = await api.json("GET", `/events?status=${status}&limit=1000`);
      expect(res.status).toBe(200);
      expect(bodyIds(res.body)).toEqual(ids(ALL.filter((s) => s.status === status)));
    }
  });

  it("a status change moves the event between filters", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "l-status", date: "2032-01-01", status: "draft" }));
    expect(bodyIds((await api.json("GET", "/events?status=draft&from=2032-01-01")).body)).toEqual(["l-status"]);
    await api.json("PUT", "/events/l-status", { status: "active" });
    expect((await api.json("GET", "/events?status=draft&from=2032-01-01")).body).toEqual([]);
    expect(bodyIds((await api.json("GET", "/events?status=active&from=2032-01-01")).body)).toEqual(["l-status"]);
    await api.json("DELETE", "/events/l-status");
  });

  it("an unknown status -> 422 naming status", async () => {
    for (const status of ["archived", "PUBLISHED", ""]) {
      expectFieldError(await api.json("GET", `/events?status=${status}`), "status");
    }
  });
});

describe("GET /events?from=&to=", () => {
  it("both bounds are inclusive", async () => {
    const res = await api.json("GET", "/events?from=2024-12-15T16:30:00Z&to=2024-12-15T17:00:00Z");
    expect(res.status).toBe(200);
    expect(bodyIds(res.body)).toEqual(["l-0", "l-a", "l-b", "l-e"]);
  });

  it("bounds are instants: an offset names the same moment as its UTC form", async () => {
    const res = await api.json("GET", `/events?from=${encodeURIComponent("2024-12-15T18:30:00+02:00")}&to=${encodeURIComponent("2024-12-15T09:00:00-08:00")}`);
    expect(res.status, res.text).toBe(200);
    expect(bodyIds(res.body)).toEqual(["l-0", "l-a", "l-b", "l-e"]);
  });

  it("a calendar date bound is its midnight UTC", async () => {
    expect(bodyIds((await api.json("GET", "/events?to=2024-12-15")).body)).toEqual(["l-g", "l-c"]);
    expect(bodyIds((await api.json("GET", "/events?from=2024-12-15&to=2024-12-15")).body)).toEqual(["l-c"]);
  });

  it("from alone and to alone", async () => {
    const from = await api.json("GET", "/events?from=2025-01-01&limit=1000");
    expect(bodyIds(from.body)).toEqual(ids(ALL.filter((s) => s.instant >= "2025-01-01")));
    const to = await api.json("GET", "/events?to=2024-12-15T01:00:00Z");
    expect(bodyIds(to.body)).toEqual(["l-g", "l-c", "l-d"]);
  });

  it("a range combined with a status", async () => {
    const res = await api.json("GET", "/events?status=published&from=2024-12-15T16:00:00Z&to=2024-12-31");
    expect(bodyIds(res.body)).toEqual(["l-0", "l-a", "l-e", "l-f"]);
  });

  it("an invalid from or to -> 422 naming it", async () => {
    expectFieldError(await api.json("GET", "/events?from=2024-02-30"), "from");
    expectFieldError(await api.json("GET", "/events?to=tomorrow"), "to");
    expectFieldError(await api.json("GET", "/events?from=15/12/2024"), "from");
  });

  it("from after to -> 422", async () => {
    const res = await api.json("GET", "/events?from=2024-12-16&to=2024-12-15");
    expectProblem(res, 422);
    expect(Array.isArray(res.body.errors)).toBe(true);
  });
});

describe("GET /events: limit, cursor and the Link header", () => {
  it("limit gives the first page and a Link: <...cursor=...>; rel=\"next\" (RFC 8288)", async () => {
    const res = await api.json("GET", "/events?limit=3");
    expect(res.status).toBe(200);
    expect(bodyIds(res.body)).toEqual(ids(ALL).slice(0, 3));
    const link = res.headers.get("link");
    expect(link).toMatch(/^<[^>]+>; rel="next"$/);
    const target = new URL(nextLink(link)!, api.baseUrl);
    expect(target.pathname).toBe("/events");
    expect(target.searchParams.get("limit")).toBe("3");
    expect(target.searchParams.get("cursor")).toMatch(/^\S+$/);
  });

  it("the Link keeps the other query parameters", async () => {
    const res = await api.json("GET", "/events?status=published&from=2024-01-01&to=2027-01-01&limit=2");
    expect(res.status).toBe(200);
    const target = new URL(nextLink(res.headers.get("link"))!, api.baseUrl);
    expect(target.pathname).toBe("/events");
    expect(target.searchParams.get("status")).toBe("published");
    expect(target.searchParams.get("from")).toBe("2024-01-01");
    expect(target.searchParams.get("to")).toBe("2027-01-01");
    expect(target.searchParams.get("limit")).toBe("2");
    expect(target.searchParams.getAll("cursor")).toHaveLength(1);

    // Following it continues the same filtered list.
    const next = await api.json("GET", `${target.pathname}${target.search}`);
    const expected = ids(ALL.filter((s) => s.status === "published" && s.instant >= "2024-01-01" && s.instant <= "2027-01-01"));
    expect(bodyIds(next.body)).toEqual(expected.slice(2, 4));
  });

  it("the Link of a later page carries the new cursor, not the old one", async () => {
    const first = await api.json("GET", "/events?limit=2");
    const second = await api.json("GET", nextLink(first.headers.get("link"))!);
    const third = new URL(nextLink(second.headers.get("link"))!, api.baseUrl);
    expect(third.searchParams.getAll("cursor")).toHaveLength(1);
    expect(third.searchParams.get("cursor")).not.toBe(new URL(nextLink(first.headers.get("link"))!, api.baseUrl).searchParams.get("cursor"));
  });

  it("no Link on the last page, nor when everything fits, nor when the page is exactly full", async () => {
    expect((await api.json("GET", "/events?limit=1000")).headers.get("link")).toBeNull();
    expect((await api.json("GET", "/events?status=cancelled")).headers.get("link")).toBeNull();
    // One cancelled event, limit 1: the page is full and there is no more.
    const exact = await api.json("GET", "/events?status=cancelled&limit=1");
    expect(bodyIds(exact.body)).toEqual(["l-d"]);
    expect(exact.headers.get("link")).toBeNull();
  });

  for (const limit of [1, 2, 7, 50]) {
    it(`walking every page (limit=${limit}) by following Link returns every event exactly once, in order`, async () => {
      const pages = await walk(`/events?limit=${limit}`);
      const seen = pages.flatMap((p) => p.ids);
      expect(seen).toEqual(ids(ALL));
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages.at(-1)!.link).toBeNull();
      for (const page of pages.slice(0, -1)) expect(page.ids).toHaveLength(limit);
      expect(pages).toHaveLength(Math.ceil(ALL.length / limit));
    });
  }

  it("walking a status filter returns every event of that status exactly once", async () => {
    for (const status of ["published", "draft"]) {
      const seen = (await walk(`/events?status=${status}&limit=4`)).flatMap((p) => p.ids);
      expect(seen).toEqual(ids(ALL.filter((s) => s.status === status)));
    }
  });

  it("walking a date range returns every event of the range exactly once", async () => {
    const seen = (await walk("/events?from=2024-12-15T16:30:00Z&to=2026-03-01T00:10:00Z&limit=3")).flatMap((p) => p.ids);
    expect(seen).toEqual(ids(ALL.filter((s) => s.instant >= "2024-12-15T16:30:00.000Z" && s.instant <= "2026-03-01T00:10:00.000Z")));
  });

  it("a Link keeps an offset date (with its +) intact, so following it continues the same range", async () => {
    const from = "2024-12-15T18:30:00+02:00"; // 16:30Z
    const to = "2025-05-31T05:00:00-05:00"; // 10:00Z
    const pages = await walk(`/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=2`);
    for (const page of pages.slice(0, -1)) {
      const target = new URL(nextLink(page.link)!, api.baseUrl);
      expect(target.searchParams.get("from")).toBe(from);
      expect(target.searchParams.get("to")).toBe(to);
    }
    expect(pages.flatMap((p) => p.ids)).toEqual(["l-0", "l-a", "l-b", "l-e", "l-f", "l-h"]);
  });

  it("a page boundary inside a group of events sharing one instant loses and repeats nothing", async () => {
    // l-0, l-a and l-b share 2024-12-15T16:30Z; pages of 1 cut between each of them.
    const seen = (await walk("/events?from=2024-12-15T16:30:00Z&to=2024-12-15T16:30:00Z&limit=1")).flatMap((p) => p.ids);
    expect(seen).toEqual(["l-0", "l-a", "l-b"]);
  });

  it("limit=1000 is allowed", async () => {
    expect((await api.json("GET", "/events?limit=1000")).status).toBe(200);
  });

  for (const limit of ["0", "1001", "abc", "-1", "1.5", ""]) {
    it(`limit=${limit} -> 422 naming limit`, async () => {
      expectFieldError(await api.json("GET", `/events?limit=${limit}`), "limit");
    });
  }

  for (const [name, cursor] of [
    ["garbage", "garbage!!"],
    ["valid base64url that is not a cursor", "AAAA"],
    ["a cursor naming an impossible id", Buffer.from("2024-12-15T00:00:00.000000000Z#a b", "utf8").toString("base64url")],
    ["an empty cursor", ""],
    ["a 2000-character cursor", "A".repeat(2000)],
  ] as const) {
    it(`${name} -> 422 naming cursor`, async () => {
      expectFieldError(await api.json("GET", `/events?cursor=${encodeURIComponent(cursor)}`), "cursor");
    });
  }
});

describe("requests that worked against the original service", () => {
  it("unknown query parameters (cache-busters) are ignored, on lists and single reads", async () => {
    const withBuster = await api.json("GET", "/events?status=published&_=1700000000");
    const plain = await api.json("GET", "/events?status=published");
    expect(withBuster.status).toBe(200);
    expect(withBuster.body).toEqual(plain.body);

    const one = await api.json("GET", "/events/l-a?foo=1");
    expect(one.status).toBe(200);
    expect(one.body.eventId).toBe("l-a");
  });
});

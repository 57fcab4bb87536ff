/**
 * Hostile ids, query strings, headers, paths and methods, property-based, on
 * every REST path (/events, /events/{eventId}, /health, /openapi.json, /docs)
 * and on /trpc. A request that is invalid by construction gets a 4xx with a
 * readable `detail` (problem details over REST, tRPC's envelope at /trpc),
 * never a 5xx, never a hang, nothing internal; a request that is valid by
 * construction gets its 2xx. No request here may change a stored event.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { startTestApi } from "./harness.js";
import { nextLink } from "./rest-helpers.js";
import {
  NASTY_STRINGS,
  PROPERTY_TIMEOUT_MS,
  PROTO_KEYS,
  SEED_IDS,
  encodeSegment,
  expectClientError,
  expectClientProblem,
  expectNoInternals,
  expectNoServerError,
  expectNothingChanged,
  expectSeedUnchanged,
  expectTrpcClientError,
  expectTrpcErrorEntry,
  fcParams,
  hostileJsonValue,
  hostileString,
  seedEvents,
  send,
  sendJson,
  snapshot,
  toJsonText,
  type Reply,
  type Snapshot,
} from "./hostile-helpers.js";

const api = await startTestApi();
let before: Snapshot;
/** A real cursor: the `Link` of the first page of one event. */
let realCursor = "";
beforeAll(async () => {
  await seedEvents(api);
  const first = await send(api, "GET", "/events?limit=1");
  realCursor = new URL(nextLink(first.headers.get("link"))!, api.baseUrl).searchParams.get("cursor")!;
  expect(realCursor).toBeTruthy();
});
beforeEach(async () => {
  before = await snapshot(api);
});

const seedId = fc.constantFrom(...SEED_IDS);
const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

// ---------------------------------------------------------------------------
// Ids

/** A path segment that names no stored event: hostile text (percent-encoded), broken escapes, valid-looking unknown ids. */
const unknownIdSegment: fc.Arbitrary<string> = fc
  .oneof(
    hostileString.map(encodeSegment),
    fc.constantFrom("%", "%ZZ", "%C0%AF", "%FF%FE", "%00", "%0A", "%0D%0A", "%E0%A4%A", "%2F", "%5C", "%3F", "%23", "%25", "%20", "x%20", "%u0041", "%%", "~", "-", "_"),
    fc.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/),
    fc.constantFrom("prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "CONSTRUCTOR", "__PROTO__", "evt-2", "EVT-10"),
    fc.integer({ min: 129, max: 6000 }).map((n) => "x".repeat(n)),
  )
  // Under Node's 16 KB limit for the request head: longer paths are hostile-limits' business.
  .filter((segment) => segment.length <= 6000)
  // Not a seed (after the decoding the server does), not a dot segment or an empty one (URLs resolve those away).
  .filter((segment) => !["", ".", ".."].includes(decode(segment)) && !SEED_IDS.includes(decode(segment)) && !/^(?:%2e|\.){1,2}$/i.test(segment));

/** Any string as a tRPC eventId, seeds excluded. */
const unknownIdString = fc.oneof(hostileString, fc.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/)).filter((id) => !SEED_IDS.includes(id));

describe("ids that name no event", () => {
  it(
    "REST: GET, HEAD, PUT and DELETE /events/{eventId} are 404 and create nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(unknownIdSegment, fc.constantFrom("GET", "HEAD", "PUT", "DELETE"), async (segment, method) => {
          const path = `/events/${segment}`;
          const res =
            method === "PUT" ? await sendJson(api, "PUT", path, JSON.stringify({ title: "Ghost", capacity: 7 })) : await send(api, method, path);
          if (method === "HEAD") {
            expect(res.status, `HEAD ${path}`).toBe(404);
            expect(res.text).toBe("");
          } else {
            expectClientProblem(res, `${method} ${path.slice(0, 200)}`);
            expect(res.status, `${method} ${path.slice(0, 200)}`).toBe(404);
          }
        }),
        fcParams(250),
      );
      await expectNothingChanged(api, before, "after requests for unknown ids");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC: events.get, events.update and events.delete are NOT_FOUND and create nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(unknownIdString, fc.constantFrom("get", "update", "delete"), async (eventId, procedure) => {
          fc.pre(encodeURIComponent(JSON.stringify({ eventId })).length < 8000); // see hostile-limits for long URLs
          const res =
            procedure === "get"
              ? await send(api, "GET", `/trpc/events.get?input=${encodeURIComponent(JSON.stringify({ eventId }))}`)
              : await sendJson(api, "POST", `/trpc/events.${procedure}`, JSON.stringify({ eventId, ...(procedure === "update" ? { title: "Ghost" } : {}) }));
          expectTrpcClientError(res, `events.${procedure} ${JSON.stringify(eventId).slice(0, 200)}`);
          expect(res.status).toBe(404);
        }),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after tRPC calls for unknown ids");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe("ids made only of dots", () => {
  // The id rule (A-Z a-z 0-9 - _ . ~) admits "." and "..", but URLs resolve those
  // segments away: /events/. is /events/ and /events/.. is /. An id a client can
  // create must be one it can read, change and delete at its Location; otherwise
  // the create must be refused (422).
  it.each([".", "..", "%2E", "%2e%2E"])("an event created with the id %s is reachable at its Location, or refused", async (raw) => {
    const eventId = decodeURIComponent(raw);
    const created = await sendJson(api, "POST", "/events", JSON.stringify({ ...JSON.parse(before.events.get("EVT-1")!), eventId, createdAt: undefined, updatedAt: undefined, version: undefined }));
    try {
      if (created.status === 422) return expectClientProblem(created, `POST eventId ${eventId}`);
      expect(created.status, created.text).toBe(201);
      const location = created.headers.get("location")!;
      const read = await send(api, "GET", location);
      expect(read.status, `GET ${location}`).toBe(200);
      expect((read.body as { eventId?: string }).eventId, `GET ${location} answered ${read.text.slice(0, 200)}`).toBe(eventId);
      const changed = await sendJson(api, "PUT", `/events/${raw}`, '{"capacity":7}');
      expect(changed.status, `PUT /events/${raw}: ${changed.text.slice(0, 200)}`).toBe(200);
      const removed = await send(api, "DELETE", `/events/${raw}`);
      expect(removed.status, `DELETE /events/${raw}: ${removed.text.slice(0, 200)}`).toBe(204);
    } finally {
      // Whatever happened, leave the store as it was (tRPC takes the id in the body).
      await sendJson(api, "POST", "/trpc/events.delete", JSON.stringify({ eventId }));
    }
  });
});

describe("query parameters named after JavaScript's own properties", () => {
  // Unknown parameters are ignored, whatever their name (the contract): these
  // must not reach Object.prototype in whatever parses the query string.
  const requests: [label: string, path: (key: string) => string, method: string, expected: number][] = [
    ["GET /events", (key) => `/events?${key}=1`, "GET", 200],
    ["GET /events/{id}", (key) => `/events/EVT-1?${key}=1`, "GET", 200],
    ["DELETE /events/{id} (stale)", (key) => `/events/EVT-1?${key}=1&expectedVersion=999999`, "DELETE", 412],
  ];
  it.each(requests)("%s ignores them", async (label, path, method, expected) => {
    const statuses: [key: string, status: number][] = [];
    for (const key of PROTO_KEYS) {
      const res = await send(api, method, path(key));
      statuses.push([key, res.status]);
      expectNoInternals(res.text, `${method} ${path(key)}`); // clean even when the status is wrong
    }
    expect(statuses, `${label}: status per parameter name`).toEqual(PROTO_KEYS.map((key) => [key, expected]));
    await expectNothingChanged(api, before, `after ${label} with prototype-named parameters`);
  });
});

// ---------------------------------------------------------------------------
// List queries, REST and tRPC, with an oracle from the contract

const STATUSES = ["draft", "published", "cancelled", "completed", "active"];
/** Legal dates with the instant each names (a calendar date and a date-time without offset are UTC). */
const LEGAL_DATES: Record<string, number> = {
  "2024-01-01": Date.UTC(2024, 0, 1),
  "2024-12-15": Date.UTC(2024, 11, 15),
  "2024-12-15T18:30:00+02:00": Date.UTC(2024, 11, 15, 16, 30),
  "2025-06-01T09:00:00Z": Date.UTC(2025, 5, 1, 9),
  "2025-06-01T09:00:00": Date.UTC(2025, 5, 1, 9),
  "2025-06-01T09:00:00.5-01:00": Date.UTC(2025, 5, 1, 10, 0, 0, 500),
  "0001-01-01": -62135596800000,
  "9999-12-31": 253402214400000,
};
const INVALID_DATES = ["", "2024-02-30", "2024-13-01", "24-12-15", "2024-12-15T25:00Z", "2024-12-15 18:30", "today", "1734220800", "2024-12-15T18:30:00+99:99", "2024-12-15%00"];
const craftCursor = (position: string) => Buffer.from(position, "utf8").toString("base64url");

type Validity = "valid" | "invalid";
type Param = { key: string; value: unknown; validity?: Validity };

/** One list parameter with its validity known by construction; `text` values are for query strings. */
const listParam = (text: boolean): fc.Arbitrary<Param> => {
  const v = (arb: fc.Arbitrary<unknown>, key: string, validity: Validity) => arb.map((value): Param => ({ key, value, validity }));
  const wrongShape = fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant({ $ne: null }), fc.constant(["draft", "published"]));
  return fc.oneof(
    v(fc.constantFrom(...STATUSES), "status", "valid"),
    v(fc.constantFrom("", "Draft", "draft ", " draft", "draft\u0000", "deleted", "__proto__", "draft,published", "*"), "status", "invalid"),
    v(fc.constantFrom(...Object.keys(LEGAL_DATES)), "from", "valid"),
    v(fc.constantFrom(...Object.keys(LEGAL_DATES)), "to", "valid"),
    v(fc.constantFrom(...INVALID_DATES), "from", "invalid"),
    v(fc.constantFrom(...INVALID_DATES), "to", "invalid"),
    v(fc.integer({ min: 1, max: 1000 }).map((n) => (text ? String(n) : n)), "limit", "valid"),
    v(
      fc.constantFrom<unknown>("0", "-1", "1001", "1.5", "abc", "", "NaN", "Infinity", "-Infinity", "1e400", "1,2", "99999999999999999999").map((s) => s),
      "limit",
      "invalid",
    ),
    v(fc.constantFrom(realCursorPlaceholder, craftCursor("2025-01-01T00:00:00.000000000Z#EVT-1"), craftCursor("2024-12-15T00:00:00.000000000Z#__proto__")), "cursor", "valid"),
    v(
      fc.oneof(
        fc.constantFrom("", "%%%", "null", "undefined", "0", "a".repeat(1025), craftCursor("not a position"), craftCursor("2025-01-01T00:00:00.000000000Z#../x"), craftCursor("99999-01-01T00:00:00.000000000Z#x")),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
        hostileString.filter((s) => s.length > 0),
      ),
      "cursor",
      "invalid",
    ),
    // Unknown parameters are ignored, whatever their name: JavaScript's own property names included.
    fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.constantFrom("eventId", "expectedVersion", "sort", "_", "status[]", "limit[0]", "STATUS", "Limit", "offset", "page", "q"), hostileString), text ? hostileString : hostileJsonValue)
      .filter(([key]) => !["status", "from", "to", "limit", "cursor"].includes(key))
      .map(([key, value]): Param => ({ key, value })),
    ...(text ? [] : [fc.constantFrom("status", "from", "to", "limit", "cursor").chain((key) => wrongShape.map((value): Param => ({ key, value, validity: key === "limit" && value === true ? "valid" : "invalid" })))]),
  );
};
/** Replaced by the real cursor at run time (it exists only once the seeds do). */
const realCursorPlaceholder = "<real cursor>";
const withRealCursor = (value: unknown) => (value === realCursorPlaceholder ? realCursor : value);

/** Valid iff every known parameter is valid, none is repeated, and from is not after to. */
function listValidity(params: Param[]): Validity {
  const known = params.filter((p) => p.validity !== undefined);
  const keys = known.map((p) => p.key);
  if (new Set(keys).size !== keys.length) return "invalid";
  if (known.some((p) => p.validity === "invalid")) return "invalid";
  const from = known.find((p) => p.key === "from")?.value as string | undefined;
  const to = known.find((p) => p.key === "to")?.value as string | undefined;
  if (from !== undefined && to !== undefined && LEGAL_DATES[from]! > LEGAL_DATES[to]!) return "invalid";
  return "valid";
}

const queryPart = (text: string) => encodeSegment(text);
/** Raw fragments that make the query string itself odd; they carry no known parameter. */
const rawFragment = fc.constantFrom("&", "&&", "=", "==", "?", "%", "%ZZ", "%00", "+", "a=b=c", "%26", "%3D", ";", "x");

function expectListOk(res: Reply, params: Param[], context: string) {
  expect(res.status, `${context} -> ${res.text.slice(0, 300)}`).toBe(200);
  const items = (Array.isArray(res.body) ? res.body : (res.body as { result: { data: { items: unknown[] } } }).result.data.items) as { eventId: string; status: string }[];
  expect(Array.isArray(items), context).toBe(true);
  const status = params.find((p) => p.key === "status" && p.validity)?.value;
  const limit = params.find((p) => p.key === "limit" && p.validity)?.value;
  if (limit !== undefined) expect(items.length, context).toBeLessThanOrEqual(Number(limit));
  for (const item of items) {
    expect(JSON.stringify(item), `${context}: listed event differs from the stored one`).toBe(before.events.get(item.eventId));
    if (status !== undefined) expect(item.status, context).toBe(status);
  }
}

describe("list queries", () => {
  it(
    "REST GET /events: hostile, repeated and unknown parameters are 422 when invalid, 200 when valid",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof({ weight: 5, arbitrary: listParam(true) }, { weight: 1, arbitrary: rawFragment }), { maxLength: 6 }), async (parts) => {
          const params = parts.filter((p): p is Param => typeof p !== "string").map((p) => ({ ...p, value: withRealCursor(p.value) }));
          const query = parts
            .map((p) => (typeof p === "string" ? p : `${queryPart(p.key)}=${queryPart(String(withRealCursor(p.value)))}`))
            .join("&");
          const path = `/events?${query}`;
          fc.pre(path.length < 8000); // see hostile-limits for long URLs
          const res = await send(api, "GET", path);
          const context = `GET ${path.slice(0, 300)}`;
          if (listValidity(params) === "valid") expectListOk(res, params, context);
          else {
            expectClientProblem(res, context);
            expect(res.status, context).toBe(422);
          }
        }),
        fcParams(250),
      );
      await expectNothingChanged(api, before, "after hostile list queries");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC events.list: hostile inputs are 4xx when invalid, 200 when valid",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(listParam(false), { maxLength: 5 }), async (list) => {
          // An object keeps the last of repeated keys: judge what is sent.
          const byKey = new Map<string, Param>();
          for (const p of list) byKey.set(p.key, { ...p, value: withRealCursor(p.value) });
          const params = [...byKey.values()];
          const input = `{${params.map((p) => `${JSON.stringify(p.key)}:${toJsonText(p.value)}`).join(",")}}`;
          const path = `/trpc/events.list?input=${encodeURIComponent(input)}`;
          fc.pre(path.length < 8000); // see hostile-limits for long URLs
          const res = await send(api, "GET", path);
          const context = `events.list ${input.slice(0, 300)}`;
          if (listValidity(params) === "valid") expectListOk(res, params, context);
          else expectTrpcClientError(res, context);
        }),
        fcParams(200),
      );
      await expectNothingChanged(api, before, "after hostile events.list inputs");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Query strings on every other path

/** Junk query parameters: JavaScript's own property names, hostile names and values, repeats, broken escapes. */
const junkQuery = fc
  .array(
    fc.oneof(
      fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString, fc.constantFrom("eventId", "input", "batch", "format", "callback", "_method")), hostileString).map(
        ([k, v]) => `${queryPart(k)}=${queryPart(v)}`,
      ),
      rawFragment,
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join("&"));

describe("junk query strings", () => {
  it(
    "change nothing on any path: reads answer as without them, writes stay rejected",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          junkQuery,
          seedId,
          fc.constantFrom("GET /events/{id}", "DELETE /events/{id}", "PUT /events/{id}", "POST /events", "GET /health", "GET /openapi.json", "GET /docs"),
          async (query, id, target) => {
            fc.pre(query.length < 8000); // see hostile-limits for long URLs
            let res: Reply;
            const context = `${target.replace("{id}", id)}?${query.slice(0, 300)}`;
            switch (target) {
              case "GET /events/{id}":
                res = await send(api, "GET", `/events/${id}?${query}`);
                expect(res.status, `${context} -> ${res.text.slice(0, 300)}`).toBe(200);
                expect(res.text, context).toBe(before.events.get(id));
                return;
              case "DELETE /events/{id}":
                // Always with a precondition that cannot hold: the junk must not turn it into a delete.
                res = await send(api, "DELETE", `/events/${id}?${query}&expectedVersion=999999`);
                expectClientProblem(res, context);
                await expectSeedUnchanged(api, before, id, context);
                return;
              case "PUT /events/{id}":
                res = await sendJson(api, "PUT", `/events/${id}?${query}`, '{"title":""}');
                expectClientProblem(res, context);
                await expectSeedUnchanged(api, before, id, context);
                return;
              case "POST /events":
                res = await sendJson(api, "POST", `/events?${query}`, '{"title":"no other fields"}');
                expectClientProblem(res, context);
                return;
              default: {
                const path = target.slice(4);
                res = await send(api, "GET", `${path}?${query}`);
                expect(res.status, `${context} -> ${res.text.slice(0, 300)}`).toBe(200);
              }
            }
          },
        ),
        fcParams(200),
      );
      await expectNothingChanged(api, before, "after junk query strings");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it("a query parameter named eventId never overrides the path's", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await send(api, method, `/events/EVT-1?eventId=evt-1${method === "DELETE" ? "&expectedVersion=999999" : ""}`);
      if (method === "GET") {
        expect(res.status).toBe(200);
        expect(res.text).toBe(before.events.get("EVT-1"));
      } else expectClientProblem(res, "DELETE with eventId in the query");
    }
    await expectNothingChanged(api, before, "after eventId in the query");
  });
});

// ---------------------------------------------------------------------------
// tRPC's own inputs: ?input=, batches, procedure paths

/** An `input` query value: JSON of any shape, or text that is not JSON at all. */
const trpcInputText = fc.oneof(
  hostileJsonValue.map(toJsonText),
  fc.constantFrom("NaN", "Infinity", "undefined", "{", "[", "'x'", "{eventId:1}", "%ZZ", "", " ", "\u0000", "1e400", "-0", "null", "[]", "{}", '{"0":{}}', '{"__proto__":{"eventId":"EVT-1"}}'),
  hostileString,
);

describe("tRPC requests", () => {
  it(
    "events.get with any input that is not an unknown id's is a 4xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(trpcInputText, async (input) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(input);
          } catch {
            parsed = undefined;
          }
          // A seed's id is a legal read (200): skip those (as own property; an inherited __proto__ is not input).
          const eventId = parsed !== null && typeof parsed === "object" && Object.hasOwn(parsed, "eventId") ? (parsed as { eventId: unknown }).eventId : undefined;
          fc.pre(!(typeof eventId === "string" && SEED_IDS.includes(eventId)));
          const path = `/trpc/events.get?input=${encodeURIComponent(input.toWellFormed())}`;
          fc.pre(path.length < 8000); // see hostile-limits for long URLs
          const res = await send(api, "GET", path);
          expectTrpcClientError(res, `events.get input=${JSON.stringify(input).slice(0, 300)}`);
        }),
        fcParams(200),
      );
      await expectNothingChanged(api, before, "after hostile events.get inputs");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "batches of hostile calls: every call in the batch is a 4xx, nothing changes",
    async () => {
      const procedure = fc.constantFrom("events.get", "events.list", "events.create", "events.update", "events.delete", "events.nope", "nope", "events", "__proto__", "events.__proto__", "constructor", "toString", "events.get.x");
      await fc.assert(
        fc.asyncProperty(fc.array(procedure, { minLength: 1, maxLength: 6 }), fc.array(hostileJsonValue, { maxLength: 6 }), fc.boolean(), async (paths, inputs, post) => {
          // Inputs that cannot succeed: writes get an input without the required fields or with a poisoned one.
          const poisoned = Object.fromEntries(
            inputs.map((value, i) => [
              String(i),
              value !== null && typeof value === "object" && !Array.isArray(value) ? { ...value, capacity: -1, title: "", expectedVersion: 999999 } : value,
            ]),
          );
          fc.pre(!paths.every((p) => p === "events.list")); // a batch of lists may legitimately succeed
          const url = `/trpc/${paths.join(",")}?batch=1`;
          const body = toJsonText(poisoned);
          fc.pre(post || encodeURIComponent(body.toWellFormed()).length < 8000); // a GET must stay under Node's 16 KB header limit (see hostile-limits)
          const res = post ? await sendJson(api, "POST", url, body) : await send(api, "GET", `${url}&input=${encodeURIComponent(body.toWellFormed())}`);
          const context = `${post ? "POST" : "GET"} ${url} ${body.slice(0, 300)}`;
          expectNoServerError(res, context);
          expect(res.body, `${context}: not JSON: ${res.text.slice(0, 200)}`).toBeTypeOf("object");
          if (res.status >= 400) expectTrpcClientError(res, context);
          else {
            // Calls that are legal reads (events.list) may succeed inside a 207; every other entry is an error.
            const entries = Array.isArray(res.body) ? (res.body as object[]) : [res.body as object];
            for (const entry of entries) if (!("result" in entry)) expectTrpcErrorEntry(entry, context);
          }
        }),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after hostile tRPC batches");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Headers

const HEADER_NAMES = [
  "Accept",
  "Accept-Encoding",
  "Accept-Language",
  "Authorization",
  "Cache-Control",
  "Content-Encoding",
  "Content-Language",
  "Content-Type",
  "Cookie",
  "Forwarded",
  "If-Match",
  "If-None-Match",
  "If-Modified-Since",
  "If-Unmodified-Since",
  "Origin",
  "Range",
  "Referer",
  "User-Agent",
  "X-Api-Key",
  "X-Forwarded-For",
  "X-Forwarded-Host",
  "X-Forwarded-Prefix",
  "X-Forwarded-Proto",
  "X-HTTP-Method-Override",
  "X-HTTP-Method",
  "X-Method-Override",
  "X-Request-Id",
  "trpc-accept",
  "Access-Control-Request-Method",
  "Access-Control-Request-Headers",
  "__proto__",
  "constructor",
];

/** Header values fetch can carry (bytes 0x20-0xFF but DEL, and tab): hostile but deliverable. */
const headerByte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
const headerValue = fc.oneof(
  fc.constantFrom(
    "*",
    '"1"',
    '"2"',
    'W/"2"',
    '"2", "3"',
    '"999999999999999999999"',
    '""',
    "DELETE",
    "PUT",
    "application/json",
    "text/plain",
    "application/jsonl",
    "gzip",
    "br, gzip;q=0",
    "bytes=0-1",
    "bytes=-1, 0-",
    "null",
    "https://evil.example",
    "/prod",
    "/../admin",
    "/a/b/c/d/e/f/g/h/i",
    "Bearer ",
    "Bearer x",
    "Basic Zm9vOmJhcg==",
    "for=1.2.3.4;proto=http;by=evil",
    "x".repeat(4000),
    "a,".repeat(500),
  ),
  fc.string({ unit: headerByte, maxLength: 60 }),
  fc.constantFrom(...NASTY_STRINGS).filter((s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s)),
);
/** Names fetch manages itself or refuses (framing, connection): sent raw in hostile-limits instead. */
const FRAMING = /^(?:host|connection|content-length|transfer-encoding|keep-alive|upgrade|expect|te|trailer|proxy-.*)$/i;
const headerSet = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^[A-Za-z0-9-]{1,30}$/)), headerValue), { minLength: 1, maxLength: 6 })
  .map((pairs) => pairs.filter(([name]) => !FRAMING.test(name)))
  // Under Node's 16 KB limit for the whole head: larger heads are hostile-limits' business.
  .filter((pairs) => pairs.reduce((n, [name, value]) => n + name.length + value.length + 4, 0) < 8_000);
/** The generated headers over defaults (a generated Content-Type replaces the default one). */
function headersOf(pairs: [string, string][], defaults: Record<string, string> = {}): Headers {
  const headers = new Headers(defaults);
  for (const name of new Set(pairs.map(([n]) => n.toLowerCase()))) headers.delete(name);
  for (const [name, value] of pairs) headers.append(name, value);
  return headers;
}

describe("hostile headers", () => {
  it(
    "never a 5xx on any path; reads still read, writes stay rejected, nothing changes",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          headerSet,
          seedId,
          fc.constantFrom(
            "GET /events/{id}",
            "GET /events",
            "DELETE /events/{id}",
            "PUT /events/{id}",
            "POST /events",
            "GET /health",
            "GET /openapi.json",
            "GET /docs",
            "GET /nowhere",
            "OPTIONS /events",
            "tRPC get",
            "tRPC update",
          ),
          async (pairs, id, target) => {
            const headers = headersOf(pairs);
            const withJson = headersOf(pairs, { "Content-Type": "application/json" });
            const context = `${target.replace("{id}", id)} ${JSON.stringify(pairs).slice(0, 400)}`;
            let res: Reply;
            switch (target) {
              case "GET /events/{id}":
                res = await send(api, "GET", `/events/${id}`, { headers });
                expectNoServerError(res, context);
                if (res.status === 200) expect(res.text, context).toBe(before.events.get(id));
                else expect([304, 412], context).toContain(res.status);
                return;
              case "DELETE /events/{id}":
                res = await send(api, "DELETE", `/events/${id}?expectedVersion=999999`, { headers });
                expectClientProblem(res, context);
                await expectSeedUnchanged(api, before, id, context);
                return;
              case "PUT /events/{id}":
                res = await send(api, "PUT", `/events/${id}`, { headers: withJson, body: '{"title":"","capacity":0}' });
                expectClientProblem(res, context);
                await expectSeedUnchanged(api, before, id, context);
                return;
              case "POST /events":
                res = await send(api, "POST", "/events", { headers: withJson, body: '{"title":"only a title"}' });
                expectClientProblem(res, context);
                return;
              case "GET /nowhere":
                res = await send(api, "GET", "/nowhere", { headers });
                expectClientProblem(res, context);
                return;
              case "OPTIONS /events":
                res = await send(api, "OPTIONS", "/events", { headers });
                expectNoServerError(res, context);
                return;
              case "tRPC get":
                res = await send(api, "GET", `/trpc/events.get?input=${encodeURIComponent(JSON.stringify({ eventId: id }))}`, { headers });
                expectNoServerError(res, context);
                if (res.status === 200) expect(JSON.stringify((res.body as { result: { data: unknown } }).result.data), context).toBe(before.events.get(id));
                else expectTrpcClientError(res, context);
                return;
              case "tRPC update":
                res = await send(api, "POST", "/trpc/events.update", { headers: withJson, body: JSON.stringify({ eventId: id, capacity: 0 }) });
                expectTrpcClientError(res, context);
                await expectSeedUnchanged(api, before, id, context);
                return;
              default:
                res = await send(api, "GET", target.slice(4), { headers });
                expectNoServerError(res, context);
                expect(res.status, context).toBe(200);
            }
          },
        ),
        fcParams(250),
      );
      await expectNothingChanged(api, before, "after hostile headers");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Paths and methods

const PREFIXES = ["", "/events", "/events/EVT-1", "/health", "/openapi.json", "/docs", "/trpc", "/trpc/events.get"];
const PROCEDURES = ["events.get", "events.list", "events.create", "events.update", "events.delete"];
/** A segment that names nothing: hostile text (percent-encoded) or odd raw forms, never a dot segment, a seed or a procedure. */
const junkSegment = fc
  .oneof(
    hostileString.map(encodeSegment),
    fc.constantFrom("%ZZ", "%00", "%2F", "%5C", "~", "-", "zz", "events", "trpc", "docs", "index.html", "swagger-ui.css.map", "%2e%2e%2f", "x".repeat(3000), "openapi.json"),
  )
  .filter((s) => {
    const d = decode(s);
    return !["", ".", ".."].includes(d) && !/^(?:%2e|\.){1,2}$/i.test(s) && !SEED_IDS.includes(d) && !PROCEDURES.includes(d);
  });
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PURGE", "PROPFIND", "MKCOL", "COPY", "MOVE", "LOCK", "SEARCH", "REPORT"];

describe("hostile paths and methods", () => {
  it(
    "an unknown path is a 4xx for every method, and writes to it change nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PREFIXES), fc.array(junkSegment, { minLength: 1, maxLength: 3 }), fc.constantFrom(...METHODS), async (prefix, junk, method) => {
          // "/" + "events" would be a real path; /events/{junk} is a (missing) event, not an unknown path: still a 4xx.
          fc.pre(!(prefix === "" && ["events", "trpc", "docs", "health", "openapi.json"].includes(decode(junk[0]!))));
          const path = `${prefix}/${junk.join("/")}`;
          fc.pre(path.length < 8000); // see hostile-limits for long paths
          const hasBody = !["GET", "HEAD", "OPTIONS"].includes(method);
          const res = await send(api, method, path, hasBody ? { body: JSON.stringify({ eventId: "via-junk-path", title: "t", description: "d", date: "2024-12-15", location: "l", capacity: 5, organizer: "o" }), headers: { "Content-Type": "application/json" } } : {});
          const context = `${method} ${path.slice(0, 300)}`;
          if (method === "OPTIONS") expectNoServerError(res, context); // CORS preflight answers any path
          else if (method === "HEAD" && path.startsWith("/trpc")) expect([204, 404, 405], context).toContain(res.status); // tRPC answers HEAD with 204 by design
          else if (method === "HEAD") {
            expect(res.status, context).toBeGreaterThanOrEqual(400);
            expect(res.status, context).toBeLessThan(500);
          } else expectClientError(res, path, context);
        }),
        fcParams(250),
      );
      await expectNothingChanged(api, before, "after hostile paths");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "a known path with a method it does not take is a 4xx (405 + Allow over REST) and changes nothing",
    async () => {
      const ROUTES: [path: string, allowed: string[]][] = [
        ["/events", ["GET", "HEAD", "POST", "OPTIONS"]],
        ["/events/EVT-1", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]],
        ["/events/__proto__", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]],
        ["/health", ["GET", "HEAD", "OPTIONS"]],
        ["/openapi.json", ["GET", "HEAD", "OPTIONS"]],
        ["/docs", ["GET", "HEAD", "OPTIONS"]],
        ["/trpc/events.get", ["GET", "HEAD", "OPTIONS"]],
        ["/trpc/events.list", ["GET", "HEAD", "OPTIONS"]],
        ["/trpc/events.create", ["POST", "OPTIONS"]],
        ["/trpc/events.update", ["POST", "OPTIONS"]],
        ["/trpc/events.delete", ["POST", "OPTIONS"]],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ROUTES).chain(([path, allowed]) => fc.constantFrom(...METHODS.filter((m) => !allowed.includes(m))).map((method) => ({ path, method }))),
          async ({ path, method }) => {
            const res = await send(api, method, path, ["GET", "HEAD", "DELETE"].includes(method) ? {} : { body: JSON.stringify({ eventId: "EVT-1", title: "changed by a wrong method" }), headers: { "Content-Type": "application/json" } });
            const context = `${method} ${path}`;
            if (method === "HEAD" && path.startsWith("/trpc")) {
              expect([204, 404, 405], context).toContain(res.status); // tRPC answers HEAD with 204 by design
              return;
            }
            if (method === "HEAD") {
              expect(res.status, context).toBeGreaterThanOrEqual(400);
              expect(res.status, context).toBeLessThan(500);
              return;
            }
            expectClientError(res, path, context);
            if (!path.startsWith("/trpc")) {
              expect(res.status, context).toBe(405);
              expect(res.headers.get("allow"), context).toBeTruthy();
            }
          },
        ),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after wrong methods");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

/**
 * Hostile request bodies, property-based and from a corpus, on every write:
 * POST /events, PUT /events/{eventId}, and the tRPC mutations events.create
 * and events.update (POST /trpc/...). Every body that is invalid by
 * construction must get a 4xx with a readable `detail` (problem details over
 * REST, tRPC's error envelope at /trpc), never a 5xx, never a hang, nothing
 * internal in it, and must leave every stored event exactly as it was.
 * Bodies that are valid by construction (hostile but legal text) must be
 * stored exactly as sent.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { newEvent, startTestApi } from "./harness.js";
import {
  PROPERTY_TIMEOUT_MS,
  PROTO_KEYS,
  SEED_IDS,
  expectClientProblem,
  expectNothingChanged,
  expectSeedUnchanged,
  expectTrpcClientError,
  fcParams,
  hostileJsonValue,
  hostileNumber,
  seedEvents,
  send,
  snapshot,
  sendJson,
  toJsonText,
  unknownKey,
  type Snapshot,
} from "./hostile-helpers.js";

const api = await startTestApi();
let before: Snapshot;
beforeAll(async () => {
  await seedEvents(api);
});
beforeEach(async () => {
  before = await snapshot(api);
});

// ---------------------------------------------------------------------------
// Values: legal ones (the contract's rules), and ones invalid by construction

const TEXT_MAX = { title: 200, description: 1000, location: 200, organizer: 100 } as const;
const STATUSES = ["draft", "published", "cancelled", "completed", "active"] as const;
const CREATE_KEYS = ["eventId", "title", "description", "date", "location", "capacity", "organizer", "status"];
const UPDATE_KEYS = [...CREATE_KEYS, "createdAt", "updatedAt", "version", "expectedVersion"];
const REQUIRED = ["title", "description", "date", "location", "capacity", "organizer"] as const;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** The contract's text rule, restated independently of the code under test. */
const isLegalText = (value: string, max: number) =>
  value.isWellFormed() && [...value].length >= 1 && [...value].length <= max && value.trim() !== "" && !CONTROL.test(value);

const legalText = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      fc.constantFrom("__proto__", "constructor", "null", "undefined", "NaN", "{}", "[]", "<b>x</b>", "' OR 1=1 --", "${x}", "🎉🎉", "e\u0301", "\u202eabc", "a\tb\nc\r"),
      fc.constantFrom("x", "é", "🎉").map((c) => c.repeat(max)),
    )
    .filter((value) => isLegalText(value, max));

const legalDate = fc.constantFrom(
  "2024-12-15",
  "2024-02-29",
  "2024-12-15T18:30:00Z",
  "2024-12-15T18:30:00+02:00",
  "2024-12-15T18:30:00-11:30",
  "2024-12-15T18:30:00",
  "2024-12-15T18:30",
  "2024-12-15T18:30:00.123456789Z",
  "0001-01-01",
  "9999-12-31",
);

const legalValue: Record<string, fc.Arbitrary<unknown>> = {
  title: legalText(TEXT_MAX.title),
  description: legalText(TEXT_MAX.description),
  location: legalText(TEXT_MAX.location),
  organizer: legalText(TEXT_MAX.organizer),
  date: legalDate,
  capacity: fc.oneof(fc.constantFrom(1, 100000), fc.integer({ min: 1, max: 100000 })),
  status: fc.constantFrom(...STATUSES),
};

const controlChar = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c <= 8 || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f) || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const shortAscii = fc.string({ unit: "grapheme-ascii", maxLength: 6 });

/** Not a string, not a number: the shapes a careless client sends instead. */
const wrongShape = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(shortAscii, fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), shortAscii), fc.oneof(shortAscii, fc.integer()), { maxKeys: 3 }),
);

const invalidText = (max: number) =>
  fc.oneof(
    fc.constantFrom("", " ", "   ", "\t", "\n\r\n", "\u00a0", "\u2028", "\u3000\ufeff"),
    fc.tuple(fc.constantFrom("x", "é", "🎉", "中"), fc.integer({ min: 1, max: 40 })).map(([c, extra]) => c.repeat(max + extra)),
    fc.tuple(shortAscii, controlChar, shortAscii).map(([a, c, b]) => `${a}${c}${b}`),
    fc.tuple(shortAscii, loneSurrogate, shortAscii).map(([a, s, b]) => `${a}x${s}${b}`),
    fc.oneof(hostileNumber, fc.integer()),
    wrongShape,
  );

const invalidValue: Record<string, fc.Arbitrary<unknown>> = {
  title: invalidText(TEXT_MAX.title),
  description: invalidText(TEXT_MAX.description),
  location: invalidText(TEXT_MAX.location),
  organizer: invalidText(TEXT_MAX.organizer),
  date: fc.oneof(
    fc.constantFrom(
      "",
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-12-32",
      "2024-12-15T24:00:00Z",
      "2024-12-15T18:60:00Z",
      "2024-12-15T18:30:60Z",
      "2024-12-15T18:30:00+24:00",
      "2024-12-15 18:30:00",
      "2024-12-15T18:30:00.1234567890Z",
      "15/12/2024",
      "2024-1-5",
      "10000-01-01",
      "+002024-12-15",
      "２０２４-12-15",
      "2024-12-15\n",
      " 2024-12-15",
      "2024-12-15Z",
      "9999-12-31T23:59:59-01:00",
      "0000-01-01T00:00:00+01:00",
      "NaN",
      "Invalid Date",
    ),
    fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}/.test(s)),
    fc.integer(),
    wrongShape,
  ),
  capacity: fc.oneof(
    hostileNumber,
    fc.constantFrom("500", "", "1e3", " 5", "0x10", "Infinity", "NaN"),
    wrongShape,
    fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 2 }),
  ),
  status: fc.oneof(
    fc.constantFrom("", "Draft", "DRAFT", "deleted", " draft", "draft ", "draft\u0000", "publish", "__proto__", "toString"),
    fc.string({ maxLength: 10 }).filter((s) => !(STATUSES as readonly string[]).includes(s)),
    fc.integer(),
    wrongShape,
    fc.constant(["draft"]),
  ),
  eventId: fc.oneof(
    fc.constantFrom("", "x".repeat(129), "a b", "a/b", "a%2Fb", "é", "a\u0000", "a?b", "a#b", "../x", "a\nb", "EVT 1", "evt+1", "a:b", "a@b"),
    fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9._~-]{1,128}$/.test(s)),
    fc.integer(),
    wrongShape,
  ),
  // Read-only fields a PUT may echo back: still typed.
  createdAt: fc.oneof(fc.integer(), wrongShape),
  updatedAt: fc.oneof(fc.integer(), wrongShape),
  version: fc.oneof(fc.constantFrom(0, -1, 1.5, "2", 2 ** 53 + 2, -0), wrongShape),
  expectedVersion: fc.oneof(fc.constantFrom(0, -1, 1.5, "1", "2", "abc", -0, 1e400), wrongShape),
};

// ---------------------------------------------------------------------------
// Bodies: a valid base, at least one poison, decoy duplicates in front

type Poison =
  | { kind: "invalid"; field: string; value: unknown }
  | { kind: "missing"; field: string }
  | { kind: "unknown"; key: string; value: unknown }
  | { kind: "stale"; expectedVersion: number };

type Entry = [key: string, value: unknown];

interface Body {
  /** The JSON text sent. */
  text: string;
  poisons: Poison[];
}

const poisonInvalid = (fields: readonly string[]) =>
  fc.constantFrom(...fields).chain((field) => invalidValue[field]!.map((value): Poison => ({ kind: "invalid", field, value })));
const poisonUnknown = (known: string[]) =>
  fc
    .tuple(unknownKey.filter((key) => !known.includes(key)), hostileJsonValue)
    .map(([key, value]): Poison => ({ kind: "unknown", key, value }));
const poisonMissing = fc.constantFrom(...REQUIRED).map((field): Poison => ({ kind: "missing", field }));
/** Seeds start at version 2 and no test takes them near 1000. */
const poisonStale = fc.oneof(fc.constant(1), fc.integer({ min: 1000, max: 2 ** 40 })).map((v): Poison => ({ kind: "stale", expectedVersion: v }));

/**
 * Serializes entries in order (duplicates allowed). Decoys (legal values for
 * keys that are also set later) go first, so the last occurrence, the one
 * JSON.parse keeps, is always the real (possibly poisoned) value.
 */
function bodyText(entries: Entry[], decoys: Entry[], pretty: boolean): string {
  const parts = [...decoys, ...entries].map(([key, value]) => `${JSON.stringify(key)}:${pretty ? " " : ""}${toJsonText(value)}`);
  return pretty ? `{\n  ${parts.join(",\n  ")}\n}` : `{${parts.join(",")}}`;
}

function applyPoisons(base: Entry[], poisons: Poison[]): Entry[] {
  const entries = new Map<string, unknown>(base);
  for (const poison of poisons) {
    if (poison.kind === "invalid") entries.set(poison.field, poison.value);
    else if (poison.kind === "missing") entries.delete(poison.field);
    else if (poison.kind === "unknown") entries.set(poison.key, poison.value);
    else entries.set("expectedVersion", poison.expectedVersion);
  }
  return [...entries.entries()];
}

/** A decoy for every key kept: a legal value, sent first and overridden. */
const decoysFor = (entries: Entry[]) =>
  fc.subarray(entries.map(([key]) => key).filter((key) => Object.hasOwn(legalValue, key))).chain((keys) =>
    keys.length === 0 ? fc.constant([] as Entry[]) : fc.tuple(...keys.map((key) => legalValue[key]!.map((value): Entry => [key, value]))),
  );

/** A create body: a legal event (sometimes with a fresh eventId) with 1-3 poisons. */
const createBody: fc.Arbitrary<Body> = fc
  .record({
    base: fc.record({
      title: legalValue.title!,
      description: legalValue.description!,
      date: legalValue.date!,
      location: legalValue.location!,
      capacity: legalValue.capacity!,
      organizer: legalValue.organizer!,
      status: fc.option(legalValue.status!, { nil: undefined }),
      eventId: fc.option(fc.integer({ min: 1, max: 1e9 }).map((n) => `hostile-new-${n}`), { nil: undefined }),
    }),
    poisons: fc.array(fc.oneof(poisonInvalid(CREATE_KEYS), poisonUnknown(CREATE_KEYS), poisonMissing), { minLength: 1, maxLength: 3 }),
    pretty: fc.boolean(),
  })
  .chain(({ base, poisons, pretty }) => {
    const baseEntries = Object.entries(base).filter(([, v]) => v !== undefined) as Entry[];
    const entries = applyPoisons(baseEntries, poisons);
    const missing = new Set(poisons.flatMap((p) => (p.kind === "missing" ? [p.field] : [])));
    return fc.tuple(fc.shuffledSubarray(entries, { minLength: entries.length }), decoysFor(entries.filter(([k]) => !missing.has(k)))).map(
      ([shuffled, decoys]): Body => ({ text: bodyText(shuffled, decoys, pretty), poisons }),
    );
  });

/** An update body: 0-2 legal changes and 1-3 poisons (REST may also send a different eventId). */
const updateBody = (transport: "rest" | "trpc", eventId: string): fc.Arbitrary<Body> => {
  const poisonKeys = transport === "rest" ? UPDATE_KEYS : UPDATE_KEYS.filter((k) => k !== "eventId");
  const otherId = fc
    .oneof(fc.constantFrom(...SEED_IDS), fc.constant(eventId.toUpperCase()), fc.constant(eventId.toLowerCase()), fc.constant(`${eventId} `))
    .filter((id) => id !== eventId)
    .map((id): Poison => ({ kind: "invalid", field: "eventId", value: id }));
  const poison = fc.oneof(
    poisonInvalid(poisonKeys.filter((k) => k !== "eventId")),
    poisonUnknown(UPDATE_KEYS),
    poisonStale,
    ...(transport === "rest" ? [otherId, poisonInvalid(["eventId"])] : []),
  );
  return fc
    .record({
      changes: fc.subarray(["title", "description", "date", "location", "capacity", "organizer", "status"], { maxLength: 2 }),
      poisons: fc.array(poison, { minLength: 1, maxLength: 3 }),
      pretty: fc.boolean(),
    })
    .chain(({ changes, poisons, pretty }) =>
      (changes.length === 0 ? fc.constant([] as Entry[]) : fc.tuple(...changes.map((key) => legalValue[key]!.map((v): Entry => [key, v])))).map(
        (legal): Body => {
          const base: Entry[] = transport === "trpc" ? [["eventId", eventId], ...legal] : legal;
          return { text: bodyText(applyPoisons(base, poisons), [], pretty), poisons };
        },
      ),
    );
};

const seedId = fc.constantFrom(...SEED_IDS);

// ---------------------------------------------------------------------------

describe("bodies invalid by construction are 4xx and change nothing", () => {
  it(
    "POST /events",
    async () => {
      await fc.assert(
        fc.asyncProperty(createBody, async (body) => {
          const res = await sendJson(api, "POST", "/events", body.text);
          expectClientProblem(res, `POST /events ${body.text.slice(0, 300)}`);
        }),
        fcParams(250),
      );
      await expectNothingChanged(api, before, "after hostile POST /events bodies");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "PUT /events/{eventId}",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          seedId.chain((id) => updateBody("rest", id).map((body) => ({ id, body }))),
          async ({ id, body }) => {
            const res = await sendJson(api, "PUT", `/events/${id}`, body.text);
            expectClientProblem(res, `PUT /events/${id} ${body.text.slice(0, 300)}`);
            await expectSeedUnchanged(api, before, id, `PUT ${body.text.slice(0, 200)}`);
          },
        ),
        fcParams(200),
      );
      await expectNothingChanged(api, before, "after hostile PUT bodies");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC events.create",
    async () => {
      await fc.assert(
        fc.asyncProperty(createBody, async (body) => {
          const res = await sendJson(api, "POST", "/trpc/events.create", body.text);
          expectTrpcClientError(res, `events.create ${body.text.slice(0, 300)}`);
        }),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after hostile events.create inputs");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC events.update",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          seedId.chain((id) => updateBody("trpc", id).map((body) => ({ id, body }))),
          async ({ id, body }) => {
            const res = await sendJson(api, "POST", "/trpc/events.update", body.text);
            expectTrpcClientError(res, `events.update ${body.text.slice(0, 300)}`);
            await expectSeedUnchanged(api, before, id, `events.update ${body.text.slice(0, 200)}`);
          },
        ),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after hostile events.update inputs");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Text that is not JSON at all

/** A legal body's text, broken so that no JSON parser may accept it. */
const VALID_TEXT = JSON.stringify(newEvent({ capacity: 5 }));
const malformedJson: fc.Arbitrary<string> = fc.oneof(
  // Literals JSON does not have, where the capacity goes.
  fc
    .constantFrom("NaN", "Infinity", "-Infinity", "+1", "01", ".5", "5.", "0x10", "1e", "--1", "undefined", "None", "True", "nul", "1_000", "5 5", "'5'", "\"5")
    .map((literal) => VALID_TEXT.replace('"capacity":5', `"capacity":${literal}`)),
  // Syntax JSON does not allow.
  fc.constantFrom(
    VALID_TEXT.replace(/}$/, ",}"),
    VALID_TEXT.replace(/}$/, "}}"),
    VALID_TEXT.replace(/}$/, "}{}"),
    VALID_TEXT.replace(/}$/, "} x"),
    VALID_TEXT.replace("{", "{/* c */"),
    VALID_TEXT.replace("{", "{// c\n"),
    VALID_TEXT.replace('"title"', "title"),
    VALID_TEXT.replace('"title"', "'title'"),
    VALID_TEXT.replace('"title":', '"title"'),
    VALID_TEXT.replace('"Tech', '"Te\\xch'),
    VALID_TEXT.replace('"Tech', '"Te\\u12ch'),
    VALID_TEXT.replace('"Tech', '"Te\\ch'),
    VALID_TEXT.replace('"Tech', '"Te\u0000ch'),
    VALID_TEXT.replace('"Tech', '"Te\nch'),
    VALID_TEXT.replace('"Tech', '"Te\u001fch'),
    `[${VALID_TEXT}`,
    `{${VALID_TEXT}`,
    "{",
    "}",
    "[",
    '"',
    "{nope",
    "\u0000",
    "\ufeff\ufeff{}",
  ),
  // Every proper prefix of a legal body.
  fc.integer({ min: 1, max: VALID_TEXT.length - 1 }).map((n) => VALID_TEXT.slice(0, n)),
  // Random text that does not parse.
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);

describe("text that is not JSON is a 400 and changes nothing", () => {
  it(
    "REST: POST /events and PUT /events/{eventId}",
    async () => {
      await fc.assert(
        fc.asyncProperty(malformedJson, seedId, fc.boolean(), async (text, id, put) => {
          const [method, path] = put ? ["PUT", `/events/${id}`] : ["POST", "/events"];
          const res = await sendJson(api, method, path, text);
          expectClientProblem(res, `${method} ${path} ${JSON.stringify(text.slice(0, 200))}`);
          // Only whitespace-free garbage reaches here; an empty-looking body may be a 422 (POST) or 400 (PUT).
          if (text.trim() !== "") expect(res.status, res.text).toBe(400);
          if (put) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(200),
      );
      await expectNothingChanged(api, before, "after malformed JSON over REST");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC: events.create and events.update",
    async () => {
      await fc.assert(
        fc.asyncProperty(malformedJson, seedId, fc.boolean(), async (text, id, update) => {
          const path = update ? "/trpc/events.update" : "/trpc/events.create";
          const res = await sendJson(api, "POST", path, text);
          expectTrpcClientError(res, `${path} ${JSON.stringify(text.slice(0, 200))}`);
          if (update) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(150),
      );
      await expectNothingChanged(api, before, "after malformed JSON over tRPC");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Bytes that are not UTF-8

/** Byte sequences no UTF-8 decoder may accept: stray continuation bytes, overlongs, surrogates, > U+10FFFF, truncations. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x8e],
  [0xc3],
];

/** A body that would be legal, with invalid UTF-8 inside a string value (or a key). */
const invalidUtf8Body = fc
  .record({
    field: fc.constantFrom("title", "description", "location", "organizer", "status", "date", "key"),
    bad: fc.constantFrom(...INVALID_UTF8),
    at: fc.constantFrom("start", "middle", "end"),
    update: fc.boolean(),
    id: seedId,
  })
  .map(({ field, bad, at, update, id }) => {
    const fields: Record<string, unknown> = update ? { title: "Renamed" } : newEvent({ capacity: 5 });
    const HERE = "@@BAD@@";
    const target = field === "key" ? "title" : field;
    const value = String(fields[target] ?? "draft");
    const marked = at === "start" ? `${HERE}${value}` : at === "end" ? `${value}${HERE}` : `${value.slice(0, 1)}${HERE}${value.slice(1)}`;
    if (field === "key") {
      delete fields.title;
      fields[marked] = value;
    } else fields[target] = marked;
    const [head = "", tail = ""] = JSON.stringify(fields).split(HERE);
    return { bytes: Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]), field, bad, update, id };
  });

describe("bodies that are not UTF-8 are 4xx and change nothing", () => {
  it(
    "REST: 400 on POST /events and PUT /events/{eventId}",
    async () => {
      await fc.assert(
        fc.asyncProperty(invalidUtf8Body, async ({ bytes, update, id }) => {
          const [method, path] = update ? ["PUT", `/events/${id}`] : ["POST", "/events"];
          const res = await sendJson(api, method, path, bytes);
          expectClientProblem(res, `${method} ${path} ${bytes.toString("hex")}`);
          expect(res.status).toBe(400);
          if (update) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(100),
      );
      await expectNothingChanged(api, before, "after invalid UTF-8 over REST");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC: 4xx on events.create and events.update (never stored with U+FFFD in place of the bytes)",
    async () => {
      await fc.assert(
        fc.asyncProperty(invalidUtf8Body, async ({ bytes, update, id }) => {
          const body = update ? Buffer.concat([Buffer.from(`{"eventId":${JSON.stringify(id)},`), bytes.subarray(1)]) : bytes;
          const path = update ? "/trpc/events.update" : "/trpc/events.create";
          const res = await sendJson(api, "POST", path, body);
          expectTrpcClientError(res, `${path} ${body.toString("hex")}`);
          if (update) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(100),
      );
      await expectNothingChanged(api, before, "after invalid UTF-8 over tRPC");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// Legal bodies under the wrong content type

const NOT_JSON_TYPES = [
  undefined,
  "",
  "text/plain",
  "text/plain; charset=utf-8",
  "text/html",
  "text/json",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/javascript",
  "application/jsonp",
  "application/json-seq",
  "application/jsonx",
  "image/png",
  "json",
  "*/*",
  "application/*",
  "application",
  "; application/json",
  "text/plain, application/json",
  "application/x-json",
];

describe("legal bodies under a content type that is not JSON are refused and change nothing", () => {
  const notJsonType = fc.constantFrom(...NOT_JSON_TYPES);

  it(
    "REST: 415 on POST /events and PUT /events/{eventId}",
    async () => {
      await fc.assert(
        fc.asyncProperty(notJsonType, seedId, fc.boolean(), async (type, id, put) => {
          const [method, path, body] = put
            ? ["PUT", `/events/${id}`, JSON.stringify({ title: "Changed by a wrong content type" })]
            : ["POST", "/events", JSON.stringify(newEvent({ eventId: "hostile-content-type" }))];
          // A Uint8Array body: fetch adds no content type of its own.
          const res = await send(api, method, path, { body: new TextEncoder().encode(body), headers: type === undefined ? {} : { "Content-Type": type } });
          expectClientProblem(res, `${method} ${path} Content-Type: ${JSON.stringify(type)}`);
          expect(res.status, `Content-Type: ${JSON.stringify(type)}`).toBe(415);
          if (put) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(100),
      );
      await expectNothingChanged(api, before, "after wrong content types over REST");
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "tRPC: 4xx on events.create and events.update",
    async () => {
      await fc.assert(
        fc.asyncProperty(notJsonType, seedId, fc.boolean(), async (type, id, update) => {
          const [path, body] = update
            ? ["/trpc/events.update", JSON.stringify({ eventId: id, title: "Changed by a wrong content type" })]
            : ["/trpc/events.create", JSON.stringify(newEvent({ eventId: "hostile-content-type" }))];
          const res = await send(api, "POST", path, { body: new TextEncoder().encode(body), headers: type === undefined ? {} : { "Content-Type": type } });
          expectTrpcClientError(res, `POST ${path} Content-Type: ${JSON.stringify(type)}`);
          if (update) await expectSeedUnchanged(api, before, id);
        }),
        fcParams(100),
      );
      await expectNothingChanged(api, before, "after wrong content types over tRPC");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------
// A corpus of classic hostile bodies, on all four writes

const DEPTH = 100_000;
const LEGAL = newEvent({ capacity: 5 });
const legalWith = (extra: string) => JSON.stringify(LEGAL).replace(/}$/, `,${extra}}`);

const CORPUS: [name: string, body: string][] = [
  ["100k levels of [ (unclosed)", "[".repeat(DEPTH)],
  ["100k levels of [ ] (closed)", "[".repeat(DEPTH) + "]".repeat(DEPTH)],
  ['100k levels of {"a": (closed)', '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH)],
  ['100k levels of {"a": (unclosed)', '{"a":'.repeat(DEPTH)],
  ["a title 100k levels deep", JSON.stringify(LEGAL).replace('"title":"Tech Conference 2024"', `"title":${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`)],
  ["__proto__ at top level", legalWith('"__proto__":{"polluted":true,"capacity":9}')],
  ["__proto__ only", '{"__proto__":{"polluted":true}}'],
  ["__proto__ nested in a field", JSON.stringify(LEGAL).replace('"title":"Tech Conference 2024"', '"title":{"__proto__":{"polluted":true}}')],
  ["constructor.prototype at top level", legalWith('"constructor":{"prototype":{"polluted":true}}')],
  ["prototype at top level", legalWith('"prototype":{"polluted":true}')],
  ["__proto__ inside an array value", legalWith('"tags":[{"__proto__":{"polluted":true}}]')],
  ["__proto__ as the status", JSON.stringify({ ...LEGAL, status: "__proto__" })],
  ["toString as the status", JSON.stringify({ ...LEGAL, status: "toString" })],
  ["NaN", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":NaN')],
  ["Infinity", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":Infinity')],
  ["-Infinity", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":-Infinity')],
  ["-0", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":-0')],
  ["1e400", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":1e400')],
  ["-1e400", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":-1e400')],
  ["1e-400", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":1e-400')],
  ["a 30-digit integer", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":123456789012345678901234567890')],
  ["2^53 + 1", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":9007199254740993')],
  ["a 400-digit integer", JSON.stringify(LEGAL).replace('"capacity":5', `"capacity":${"9".repeat(400)}`)],
  ["a 10k-digit fraction", JSON.stringify(LEGAL).replace('"capacity":5', `"capacity":4.5${"0".repeat(10_000)}`)],
  ["duplicate keys, the last invalid", JSON.stringify(LEGAL).replace('"capacity":5', '"capacity":5,"capacity":"5"')],
  ["duplicate __proto__ keys", legalWith('"__proto__":1,"__proto__":{"a":1}')],
  ["an escaped NUL in a string", JSON.stringify({ ...LEGAL, title: "a\u0000b" })],
  ["escaped C1 controls", JSON.stringify({ ...LEGAL, organizer: "\u0085\u009b31m" })],
  ["an escaped lone surrogate", JSON.stringify(LEGAL).replace("Tech Conference", "Tech \\ud800 Conference")],
  ["a raw NUL in a string", JSON.stringify(LEGAL).replace("Tech Conference", "Tech \u0000 Conference")],
  ["a raw line feed in a string", JSON.stringify(LEGAL).replace("Tech Conference", "Tech \n Conference")],
  ["an array where a string goes", JSON.stringify({ ...LEGAL, title: ["Tech", "Conference"] })],
  ["an array of strings as the date", JSON.stringify({ ...LEGAL, date: ["2024-12-15"] })],
  ["an object where a number goes", JSON.stringify({ ...LEGAL, capacity: { $gt: 0 } })],
  ["a numeric string capacity", JSON.stringify({ ...LEGAL, capacity: "5" })],
  ["a boolean capacity", JSON.stringify({ ...LEGAL, capacity: true })],
  ["a null title", JSON.stringify({ ...LEGAL, title: null })],
  ["an array of events", JSON.stringify([LEGAL, LEGAL])],
  ["null", "null"],
  ["true", "true"],
  ["a number", "42"],
  ["a string", '"hello"'],
  ["an empty object", "{}"],
  ["an empty body", ""],
  ["whitespace only", " \t\r\n "],
  ["a byte-order mark only", "\ufeff"],
  ["50k unknown keys", `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(",")}}`],
  ["a 300k-element array", `[${"1,".repeat(300_000)}1]`],
  ["a 900 KB title", JSON.stringify({ ...LEGAL, title: "x".repeat(900_000) })],
];

/** The corpus on each write; an update's input names the seed to change. */
const WRITES: [label: string, method: string, path: string, trpc: boolean, wrap: (body: string) => string][] = [
  ["POST /events", "POST", "/events", false, (b) => b],
  ["PUT /events/constructor", "PUT", "/events/constructor", false, (b) => b],
  ["tRPC events.create", "POST", "/trpc/events.create", true, (b) => b],
  ["tRPC events.update", "POST", "/trpc/events.update", true, (b) => (/^\s*\{\s*"/.test(b) ? b.replace("{", '{"eventId":"constructor",') : b)],
];

describe("the hostile-body corpus is 4xx everywhere and changes nothing", () => {
  let atStart: Snapshot;
  beforeAll(async () => {
    atStart = await snapshot(api);
  });
  for (const [label, method, path, trpc, wrap] of WRITES) {
    it.each(CORPUS)(`${label}: %s`, async (name, body) => {
      const sent = wrap(body);
      const res = await sendJson(api, method, path, sent);
      if (trpc) expectTrpcClientError(res, `${label} ${name}`);
      else expectClientProblem(res, `${label} ${name}`);
      expect(res.ms, `${label} ${name} took ${res.ms} ms`).toBeLessThan(3_000);
      await expectSeedUnchanged(api, before, "constructor", `${label} ${name}`);
    });
  }

  it("afterwards: every seed intact, nothing created, no prototype polluted, and the server still behaves", async () => {
    await expectNothingChanged(api, atStart, "after the hostile-body corpus");
    // A fresh event goes through the whole life cycle with exactly its own fields.
    const created = await api.json("POST", "/events", newEvent({ eventId: "after-corpus" }));
    expect(created.status, created.text).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(Object.keys((await api.json("GET", "/events/after-corpus")).body).sort());
    expect(created.body.polluted).toBeUndefined();
    expect(created.body.capacity).toBe(500);
    const listed = (await api.json("GET", "/events?limit=1000")).body as Record<string, unknown>[];
    for (const event of listed) expect("polluted" in event, JSON.stringify(event)).toBe(false);
    expect((await api.json("DELETE", "/events/after-corpus")).status).toBe(204);
    await expectNothingChanged(api, before, "after the life cycle check");
  });
});

describe("hostile numbers are reported once per field", () => {
  // The contract: a 422 carries `errors`, one entry per invalid field.
  const NUMBERS = ["0", "-1", "1.5", "100001", "1e30", "9007199254740993", "-0", "1e-400"];
  it.each(NUMBERS)("capacity %s: one entry for capacity, over POST, PUT and tRPC", async (literal) => {
    const responses = [
      await sendJson(api, "POST", "/events", JSON.stringify(newEvent()).replace('"capacity":500', `"capacity":${literal}`)),
      await sendJson(api, "PUT", "/events/EVT-1", `{"capacity":${literal}}`),
    ];
    for (const res of responses) {
      expectClientProblem(res, `capacity ${literal}`);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields, `capacity ${literal}: ${res.text}`).toEqual(["capacity"]);
    }
    const trpc = await sendJson(api, "POST", "/trpc/events.update", `{"eventId":"EVT-1","capacity":${literal}}`);
    expectTrpcClientError(trpc, `events.update capacity ${literal}`);
    const trpcFields = (trpc.body.error.data.errors as { field: string }[]).map((e) => e.field);
    expect(trpcFields, `events.update capacity ${literal}: ${trpc.text}`).toEqual(["capacity"]);
    await expectSeedUnchanged(api, before, "EVT-1");
  });
});

// ---------------------------------------------------------------------------
// Hostile but legal: accepted, and stored exactly as sent

const legalId = fc
  .stringMatching(/^[A-Za-z0-9._~-]{1,100}$/)
  .filter((id) => id !== "." && id !== ".." && !SEED_IDS.includes(id))
  .map((id) => `ok${id}`);

/** Escapes some letters of a JSON text's strings as \\uXXXX (never inside an escape): the same value, other bytes. */
function escapeSome(text: string, every: number): string {
  let i = 0;
  return text.replace(/\\(?:u[0-9a-fA-F]{4}|.)|[A-Za-z]/g, (match) =>
    match.length === 1 && i++ % every === 0 ? `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}` : match,
  );
}

describe("bodies that are legal, however odd, are stored exactly as sent", () => {
  it(
    "create (REST or tRPC), read back, delete",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            eventId: legalId,
            title: legalValue.title!,
            description: legalValue.description!,
            date: legalValue.date!,
            location: legalValue.location!,
            capacity: legalValue.capacity!,
            organizer: legalValue.organizer!,
            status: legalValue.status!,
          }),
          fc.constantFrom("rest", "trpc"),
          fc.record({ escapeEvery: fc.constantFrom(0, 1, 3), bom: fc.boolean(), decoy: fc.boolean(), pretty: fc.boolean() }),
          async (event, transport, encoding) => {
            const entries = Object.entries(event) as Entry[];
            // A decoy duplicate with an invalid value first: the last occurrence (legal) is the one that counts.
            const decoys: Entry[] = encoding.decoy ? [["capacity", "not a number"], ["title", ""]] : [];
            let text = bodyText(entries, decoys, encoding.pretty);
            if (encoding.escapeEvery > 0) text = escapeSome(text, encoding.escapeEvery);
            const bytes = Buffer.concat([Buffer.from(encoding.bom && transport === "rest" ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
            const res = await sendJson(api, "POST", transport === "rest" ? "/events" : "/trpc/events.create", bytes);
            try {
              expect(res.status, `${text.slice(0, 300)} -> ${res.text.slice(0, 300)}`).toBe(transport === "rest" ? 201 : 200);
              const stored = await api.json("GET", `/events/${encodeURIComponent(event.eventId)}`);
              expect(stored.status, stored.text).toBe(200);
              expect(stored.body).toMatchObject(event);
              const serverFields = ["waitlistEnabled", "registeredCount", "waitlistCount", "createdAt", "updatedAt", "version"];
              expect(Object.keys(stored.body).sort()).toEqual([...new Set([...Object.keys(event), ...serverFields])].sort());
            } finally {
              await api.json("DELETE", `/events/${encodeURIComponent(event.eventId)}`);
            }
          },
        ),
        fcParams(100),
      );
      await expectNothingChanged(api, before, "after the legal bodies were cleaned up");
    },
    PROPERTY_TIMEOUT_MS,
  );
});

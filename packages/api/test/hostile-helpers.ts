/**
 * Shared pieces of the hostile-input suites (hostile-*.test.ts): requests with
 * hard time limits (fetch and raw sockets), the checks every answer to a
 * hostile request must pass, seeded events and the snapshot that proves a
 * rejected request changed nothing, and the fast-check settings and
 * arbitraries the properties share.
 */
import net from "node:net";
import fc from "fast-check";
import { expect } from "vitest";
import { newEvent, type JsonResponse, type TestApi } from "./harness.js";
import { parseJson } from "../../../test-support/index.js";
import { allEvents, etagPattern, expectNoLeaks, expectProblem } from "./rest-helpers.js";

// ---------------------------------------------------------------------------
// fast-check settings

/**
 * One fixed seed for every property, so a failure reproduces exactly:
 * `HOSTILE_SEED=<n> npx vitest run packages/api/test/hostile` explores others.
 * fast-check prints the seed, the path and the shrunk counterexample when a
 * property fails.
 */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20_241_215);
/** Multiplies every property's run count (`HOSTILE_RUNS=5` for a longer soak). */
const RUN_FACTOR = Number(process.env.HOSTILE_RUNS ?? 1);

export function fcParams<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: SEED,
    numRuns: Math.max(1, Math.round(numRuns * RUN_FACTOR)),
    // Shrinking talks to the server too: bound the whole run, shrinking included.
    interruptAfterTimeLimit: 25_000,
    markInterruptAsFailure: true,
  };
}

/** Per-test time limit for properties (the vitest default is 20 s). */
export const PROPERTY_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------
// Requests with a time limit

/** No hostile request may take longer than this to be answered. */
export const REQUEST_TIMEOUT_MS = 5_000;

export type Reply = JsonResponse & { ms: number };

const parseBody = parseJson;

/** A fetch with a time limit, read like api.json (the body is sent as given, never re-encoded). */
/** Where to send: a started test API, or any server's base URL. */
export type Target = Pick<TestApi, "baseUrl">;

export async function send(
  api: Target,
  method: string,
  path: string,
  init: { body?: string | Uint8Array; headers?: Record<string, string> | Headers } = {},
): Promise<Reply> {
  const started = performance.now();
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parseBody(text), text, ms: performance.now() - started };
}

/** `send` with a JSON content type. */
export const sendJson = (api: Target, method: string, path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  send(api, method, path, { body, headers: { "Content-Type": "application/json", ...headers } });

/** Splits a raw HTTP/1.1 response (read to the end of the connection) into status, headers and body. */
export function parseRawResponse(raw: Buffer): JsonResponse {
  const end = raw.indexOf("\r\n\r\n");
  const head = (end === -1 ? raw : raw.subarray(0, end)).toString("latin1");
  let body = end === -1 ? Buffer.alloc(0) : raw.subarray(end + 4);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const chunks: Buffer[] = [];
    let at = 0;
    while (at < body.length) {
      const lineEnd = body.indexOf("\r\n", at);
      if (lineEnd === -1) break;
      const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isFinite(size) || size === 0) break;
      chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  }
  const text = body.toString("utf8");
  return { status, headers, body: parseBody(text), text };
}

/**
 * Writes `bytes` as they are on a fresh connection and reads the answer until
 * the server closes it (send `Connection: close`). For what no HTTP client
 * sends: raw control characters, invalid bytes in the request line, malformed
 * framing, any Host header.
 */
export function sendRaw(api: Target, bytes: string | Buffer, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Reply> {
  const { hostname, port } = new URL(api.baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms (got ${JSON.stringify(Buffer.concat(chunks).toString("latin1").slice(0, 200))})`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(bytes));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {}); // a reset after the answer is fine; "close" settles
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ ...parseRawResponse(Buffer.concat(chunks)), ms: performance.now() - started });
    });
  });
}

/** A raw request: request line, Host, Connection: close, the given header lines, and a body with its length. */
export function rawHttp(requestLine: string, headerLines: string[] = [], body?: string | Buffer): Buffer {
  const lines = [requestLine, "Host: 127.0.0.1", "Connection: close", ...headerLines];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.isBuffer(body) ? body : Buffer.from(body ?? "", "utf8")]);
}

// ---------------------------------------------------------------------------
// What every answer to a hostile request must be

/**
 * Internals that must never reach a client, beyond rest-helpers' list (stack
 * frames, "Error:", ElectroDB, DynamoDB, Exception, node_modules, source
 * lines, "stack"): JavaScript error class names and runtime messages (from
 * JSON.parse, property access, streams, FormData), AWS SDK and store error
 * names, network error codes, file-system paths.
 */
const INTERNALS: RegExp[] = [
  /\b(?:Type|Range|Syntax|Reference|Eval|URI|Aggregate)Error\b/,
  /ValidationException|ConditionalCheckFailed|ResourceNotFound|ResourceInUse|ProvisionedThroughput|TransactionCanceled/,
  /Unexpected (?:token|end of JSON|non-whitespace)/,
  /in JSON at position|" is not valid JSON|Expected property name|Bad control character|Bad escaped character|Unterminated string/,
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|Maximum call stack/,
  /Cannot read properties of (?:undefined|null)|undefined is not (?:a function|an object|iterable)|\[object (?:Object|Promise|ReadableStream|FormData)\]/,
  /\bE(?:CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|NOTFOUND|ADDRINUSE)\b/,
  /@aws-sdk|\bsmithy\b|\belectrodb\b|\bdynalite\b|\bleveldb?\b|\bundici\b/i,
  /\bgetReader\b|\bpipeThrough\b|\bFormData\b/,
  /file:\/\/|\/work\/|\/home\/|\/tmp\/|\/var\/task|[A-Za-z]:\\/,
  /\.(?:ts|js|mjs|cjs):\d+/,
];

/** No stack trace, internal message, store/SDK error name or file path in `text`. */
export function expectNoInternals(text: string, context = "") {
  expectNoLeaks(text);
  for (const pattern of INTERNALS) expect(text, `${context} leaks ${pattern}: ${text.slice(0, 500)}`).not.toMatch(pattern);
}

/** A `detail` a person can read: a non-empty sentence, not a dump of data or code. */
export function expectReadableDetail(detail: unknown, context = "") {
  expect(detail, `${context} detail is not a string`).toBeTypeOf("string");
  const text = detail as string;
  expect(text.trim().length, `${context} detail is empty`).toBeGreaterThan(0);
  expect(text, `${context} detail has no words`).toMatch(/[A-Za-z]{2,}/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  expect(typeof parsed === "object" && parsed !== null, `${context} detail is a JSON dump, not a sentence`).toBe(false);
  expect(text, `${context} detail is a placeholder`).not.toMatch(/^(?:undefined|null|NaN|Error|error|\[object \w+\])$/);
}

/** A 4xx RFC 9457 problem (REST) with a readable detail and nothing internal. */
export function expectClientProblem(res: JsonResponse, context = "") {
  const label = `${context} -> ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.headers.get("content-type") ?? "", `${label}: not problem details`).toMatch(/^application\/problem\+json/);
  expectProblem(res, res.status);
  expectReadableDetail(res.body.detail, label);
  expectNoInternals(res.text, label);
}

/** tRPC's JSON error envelope: `{ error: { message, code, data: { code, httpStatus, detail } } }` (an array of them for a batch). */
export function expectTrpcEnvelope(res: JsonResponse, context = "") {
  const label = `${context} -> ${res.status} ${res.headers.get("content-type")} ${res.text.slice(0, 300)}`;
  expect(res.headers.get("content-type") ?? "", `${label}: not declared JSON`).toMatch(/^application\/json/);
  expect(res.body, `${label}: not JSON`).toBeTypeOf("object");
  expect(res.body, label).not.toBeNull();
  expectNoInternals(res.text, label);
  expect(res.headers.get("x-request-id"), `${label}: no X-Request-Id`).toBeTruthy();
}

/** One entry of tRPC's error envelope (a single response, or one call of a batch): a 4xx with readable text. */
export function expectTrpcErrorEntry(entry: unknown, context = "", options: { clientError?: boolean } = {}) {
  const text = JSON.stringify(entry);
  const label = `${context} -> ${text.slice(0, 300)}`;
  const error = (entry as { error?: { message?: unknown; code?: unknown; data?: { detail?: unknown; httpStatus?: unknown; code?: unknown } } } | null)?.error;
  expect(error, `${label}: no tRPC error envelope`).toBeTypeOf("object");
  expect(error!.message, label).toBeTypeOf("string");
  expect(error!.code, label).toBeTypeOf("number");
  expect(error!.data, label).toBeTypeOf("object");
  expect(error!.data!.code, label).toBeTypeOf("string");
  expect(error!.data!.httpStatus, label).toBeTypeOf("number");
  expect(error!.data!.httpStatus as number, label).toBeGreaterThanOrEqual(400);
  if (options.clientError !== false) expect(error!.data!.httpStatus as number, label).toBeLessThan(500);
  expectReadableDetail(error!.message, label);
  expectReadableDetail(error!.data!.detail, label);
  expectNoInternals(text, label);
}

/** A 4xx tRPC error (a batch answers 207 when its calls fail differently: each entry is then checked). */
export function expectTrpcClientError(res: JsonResponse, context = "") {
  const label = `${context} -> ${res.status} ${res.text.slice(0, 300)}`;
  const multi = res.status === 207 && Array.isArray(res.body);
  if (!multi) {
    expect(res.status, label).toBeGreaterThanOrEqual(400);
    expect(res.status, label).toBeLessThan(500);
  }
  expectTrpcEnvelope(res, context);
  const entries = Array.isArray(res.body) ? (res.body as { error: { data: { httpStatus: number } } }[]) : [res.body];
  for (const entry of entries) {
    expectTrpcErrorEntry(entry, context);
    if (!multi) expect((entry as { error: { data: { httpStatus: number } } }).error.data.httpStatus, label).toBe(res.status);
  }
}

/** Whichever transport answered: /trpc answers in tRPC's envelope, everything else in problem details. */
export function expectClientError(res: JsonResponse, path: string, context = "") {
  if (path.startsWith("/trpc")) expectTrpcClientError(res, context);
  else expectClientProblem(res, context);
}

/** Never a 5xx, and whatever the status, nothing internal in the body. */
export function expectNoServerError(res: JsonResponse, context = "") {
  const label = `${context} -> ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, label).toBeGreaterThanOrEqual(200);
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) expectNoInternals(res.text, label);
}

// ---------------------------------------------------------------------------
// Seeded events and the proof that nothing changed

/**
 * Seeds: ids that are also JavaScript's own property names (a store or a
 * router that keys plain objects by id would trip on them), two ids that differ
 * only in case, non-ASCII text, each date form.
 */
export const SEED_EVENTS = [
  newEvent({ eventId: "__proto__", title: "Proto seed", status: "published" }),
  newEvent({ eventId: "constructor", date: "2024-12-15T18:30:00+02:00", status: "draft" }),
  newEvent({ eventId: "EVT-1", capacity: 1, date: "2025-06-01T09:00:00Z" }),
  newEvent({ eventId: "evt-1", capacity: 100000, status: "cancelled", date: "2025-06-01T09:00:00.123456789Z" }),
  newEvent({ eventId: "a.b~c_d-e", title: "Ünïcødé 🎉 title", description: "Line one\nline two\ttabbed", date: "2025-01-01T00:00:00" }),
] as const;
export const SEED_IDS: readonly string[] = SEED_EVENTS.map((event) => event.eventId);

export interface Snapshot {
  /** eventId -> the exact JSON of the stored event (what GET /events/{eventId} answers). */
  events: Map<string, string>;
}

/** Creates the seeds (each updated once, so they are at version 2) and snapshots the store. */
export async function seedEvents(api: TestApi): Promise<Snapshot> {
  for (const event of SEED_EVENTS) {
    const created = await api.json("POST", "/events", event);
    expect(created.status, created.text).toBe(201);
    const updated = await api.json("PUT", `/events/${event.eventId}`, { location: `${event.location} (updated)` });
    expect(updated.status, updated.text).toBe(200);
  }
  const taken = await snapshot(api);
  expect([...taken.events.keys()].sort()).toEqual([...SEED_IDS].sort());
  return taken;
}

/**
 * Every stored event, as it is now. Take one before each test (beforeEach), so
 * that a test that finds a change does not make every later test fail too.
 */
export async function snapshot(api: TestApi): Promise<Snapshot> {
  const events = new Map<string, string>();
  for (const event of await allEvents(api)) events.set(event.eventId, JSON.stringify(event));
  return { events };
}

const EVENT_KEYS = [
  "capacity",
  "createdAt",
  "date",
  "description",
  "eventId",
  "location",
  "organizer",
  "registeredCount",
  "status",
  "title",
  "updatedAt",
  "version",
  "waitlistCount",
  "waitlistEnabled",
];

/** One stored event is exactly as it was (same bytes, same ETag). */
export async function expectSeedUnchanged(api: TestApi, before: Snapshot, eventId: string, context = "") {
  const expected = before.events.get(eventId);
  expect(expected, `${eventId} was not stored before`).toBeDefined();
  const res = await send(api, "GET", `/events/${encodeURIComponent(eventId)}`);
  expect(res.status, `${context}: ${eventId} is gone: ${res.text}`).toBe(200);
  expect(res.text, `${context}: ${eventId} changed`).toBe(expected);
  expect(res.headers.get("etag"), `${context}: ${eventId} has a new ETag`).toMatch(etagPattern((JSON.parse(expected!) as { version: number }).version));
}

/**
 * Every event byte-identical (same version, same fields), none created, none
 * deleted, no event gained a field, and the server still answers /health.
 */
export async function expectNothingChanged(api: TestApi, before: Snapshot, context = "") {
  const listed = await allEvents(api);
  expect(listed.map((e) => e.eventId).sort(), `${context}: events were created or deleted`).toEqual([...before.events.keys()].sort());
  for (const event of listed) {
    expect(Object.keys(event).sort(), `${context}: ${event.eventId} gained or lost fields`).toEqual(EVENT_KEYS);
    expect(JSON.stringify(event), `${context}: ${event.eventId} changed`).toBe(before.events.get(event.eventId));
  }
  for (const id of before.events.keys()) await expectSeedUnchanged(api, before, id, context);
  const health = await send(api, "GET", "/health");
  expect(health.status, `${context}: /health after the batch`).toBe(200);
  expect(({} as Record<string, unknown>).polluted, "Object.prototype was polluted").toBeUndefined();
}

// ---------------------------------------------------------------------------
// Arbitraries

/** Keys that reach JavaScript's object machinery when code indexes plain objects with input. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isPrototypeOf"] as const;

/** Strings that have broken parsers, routers, loggers, templates and stores elsewhere. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "\u0007\u0008\u001b[31m",
  "\u007f",
  "\u0085\u009f",
  "\u2028\u2029",
  "\ufeff",
  "\ufffe\uffff",
  "\ud800",
  "\udfff",
  "a\ud83d",
  "\u202e\u202dreversed",
  "e\u0301\u0301\u0301",
  "🎉".repeat(3),
  "../../../etc/passwd",
  "..\\..\\windows",
  "%00",
  "%25",
  "%ZZ",
  "%C0%AF",
  "${process.env.HOME}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  '"; DROP TABLE Events; --',
  "$where",
  '{"$ne":null}',
  "#",
  "?",
  "/",
  "\\",
  "*",
  "null",
  "undefined",
  "NaN",
  "true",
  "-0",
  "1e400",
  "0x10",
  ...PROTO_KEYS,
];

/** Any single code unit, lone surrogates and controls included. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));

/** Hostile text: nasty strings, random code units (lone surrogates, controls), long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "🎉", "\u0000", " "), fc.integer({ min: 200, max: 5000 })).map(([c, n]) => c.repeat(n)) },
);

/** Numbers JSON can carry that break naive number handling. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 0.5, 1.5, 100000.5, 100001, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e-7, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !(Number.isInteger(n) && n >= 1 && n <= 100000)),
  fc.integer({ min: 100001 }),
  fc.integer({ max: 0 }),
);

/** Any JSON value, from shallow to a few levels deep, with hostile keys and strings. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A key no event has: prototype keys, random text, typos of real fields. */
export const unknownKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, "capcity", "Title", "title ", " title", "eventid", "EventId", "status\u0000", "tags", "id", "_id", "$set"),
  fc.string({ unit: anyCodeUnit, minLength: 1, maxLength: 12 }),
);

/** Percent-encodes every character outside the unreserved set (so the path stays one segment). */
export const encodeSegment = (text: string) =>
  Array.from(new TextEncoder().encode(text.isWellFormed() ? text : text.toWellFormed()))
    .map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");

/** Serializes like JSON.stringify but keeps -0 (which JSON.stringify writes as 0). */
export function toJsonText(value: unknown): string {
  if (Object.is(value, -0)) return "-0";
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

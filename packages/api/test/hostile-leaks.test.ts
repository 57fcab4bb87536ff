/**
 * Every error the API can return, on every path where it applies, REST and
 * tRPC: 400, 401 (with an API key configured), 404, 405, 409, 412, 413, 415,
 * 422 and 503 (a store that cannot be reached, a table that is missing). No
 * body may carry a stack trace, an internal message, or a store/SDK error
 * name, and each `detail` is a sentence a person can read. REST errors are
 * RFC 9457 problem details; /trpc errors are tRPC's envelope, which a typed
 * client reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { startStore } from "../../../test-support/index.js";
import { createApp, type AppRouter } from "../src/index.js";
import { appOverStore, closedPort, newEvent, startTestApi } from "./harness.js";
import {
  expectNoInternals,
  expectReadableDetail,
  expectTrpcErrorEntry,
  send,
  sendJson,
  type Reply,
  type Target,
} from "./hostile-helpers.js";

// ---------------------------------------------------------------------------
// The servers: open, with an API key, and two whose store cannot answer

const api = await startTestApi();
const keyed = await startTestApi({ apiKey: "k" });

/** Serves an app over real HTTP on a loopback port, closed after the file. */
async function serveApp(app: ReturnType<typeof createApp>): Promise<Target> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  });
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const unreachable = await serveApp(appOverStore(await closedPort()));
const storeWithoutTable = await startStore();
afterAll(() => storeWithoutTable.close());
const tableMissing = await serveApp(appOverStore(storeWithoutTable.endpoint));

beforeAll(async () => {
  for (const target of [api, keyed]) {
    const created = await sendJson(target, "POST", "/events", JSON.stringify(newEvent({ eventId: "leak-1" })), { "X-Api-Key": "k" });
    expect(created.status, created.text).toBe(201);
    const updated = await sendJson(target, "PUT", "/events/leak-1", '{"capacity":42}', { "X-Api-Key": "k" });
    expect(updated.status, updated.text).toBe(200); // now at version 2
  }
});

// ---------------------------------------------------------------------------
// What every error response must be

/** Keys that only internals would put into a body. */
const INTERNAL_KEYS = new Set(["stack", "cause", "$metadata", "$fault", "__type", "$response", "errno", "syscall", "code_"]);

function internalKeys(value: unknown, at = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => [...(INTERNAL_KEYS.has(key) ? [`${at}${key}`] : []), ...internalKeys(v, `${at}${key}.`)]);
}

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

function expectCleanError(res: Reply, expected: number, path: string, context: string) {
  const label = `${context} -> ${res.status} ${res.headers.get("content-type")} ${res.text.slice(0, 400)}`;
  expect(res.status, label).toBe(expected);
  expectNoInternals(res.text, label);
  expect(internalKeys(res.body), `${label}: internal keys`).toEqual([]);
  expect(res.headers.get("x-powered-by"), label).toBeNull();
  expect(res.headers.get("server") ?? "", `${label}: Server header names software`).not.toMatch(/\d|node|hono|express/i);
  expect(res.headers.get("x-request-id"), `${label}: no X-Request-Id`).toBeTruthy();
  if (res.status === 405 && !path.startsWith("/trpc")) expect(res.headers.get("allow"), `${label}: no Allow`).toBeTruthy();
  if (res.status === 401) expect(res.headers.get("www-authenticate"), `${label}: no WWW-Authenticate`).toBeTruthy();

  let detail: unknown;
  if (path.startsWith("/trpc")) {
    // tRPC's envelope: a typed client reads error.message and error.data.
    expect(res.headers.get("content-type") ?? "", `${label}: not tRPC's JSON`).toMatch(/^application\/json/);
    // A batch answers with one envelope per call.
    const entries = Array.isArray(res.body) ? (res.body as unknown[]) : [res.body];
    for (const entry of entries) {
      expectTrpcErrorEntry(entry, label, { clientError: expected < 500 });
      const error = (entry as { error: { message: string; data: { httpStatus: number; detail: string; code: string } } }).error;
      expect(error.data.httpStatus, label).toBe(expected);
      expect(error.message, label).toBe(error.data.detail);
      detail = error.data.detail;
    }
  } else {
    expect(res.headers.get("content-type") ?? "", `${label}: not problem details`).toMatch(/^application\/problem\+json/);
    const body = res.body as { type: unknown; title: unknown; status: unknown; detail: unknown };
    expect(body, label).toBeTypeOf("object");
    expect(body.status, label).toBe(expected);
    expect(body.type, label).toBeTypeOf("string");
    expect(body.title, label).toBeTypeOf("string");
    detail = body.detail;
  }
  expectReadableDetail(detail, label);
  // A sentence, not a dump: short, no control characters, no raw exception text.
  expect((detail as string).length, `${label}: detail is very long`).toBeLessThanOrEqual(600);
  expect(detail as string, `${label}: control characters in detail`).not.toMatch(CONTROL);
  expect(detail as string, `${label}: detail is the exception text of a library`).not.toMatch(/^[A-Z][A-Za-z]+(?:Error|Exception)\b/);
}

// ---------------------------------------------------------------------------
// Every error, everywhere it applies

type Case = [label: string, status: number, target: Target, method: string, path: string, init?: { body?: string | Uint8Array; headers?: Record<string, string> }];

const JSON_TYPE = { "Content-Type": "application/json" };
const json = (body: unknown, headers: Record<string, string> = {}) => ({ body: typeof body === "string" ? body : JSON.stringify(body), headers: { ...JSON_TYPE, ...headers } });
const BIG = `{"title":"${"x".repeat(1024 * 1024)}"}`;
const notUtf8 = Buffer.from([0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

const REST_CASES: Case[] = [
  ["malformed JSON, POST /events", 400, api, "POST", "/events", json("{nope")],
  ["malformed JSON, PUT /events/{id}", 400, api, "PUT", "/events/leak-1", json('{"title":')],
  ["NaN literal, POST /events", 400, api, "POST", "/events", json('{"capacity":NaN}')],
  ["invalid UTF-8, POST /events", 400, api, "POST", "/events", { body: notUtf8, headers: JSON_TYPE }],
  ["invalid UTF-8, PUT /events/{id}", 400, api, "PUT", "/events/leak-1", { body: notUtf8, headers: JSON_TYPE }],
  ["no fields to update, PUT /events/{id}", 400, api, "PUT", "/events/leak-1", json({})],
  ["only read-only fields, PUT /events/{id}", 400, api, "PUT", "/events/leak-1", json({ createdAt: "2020-01-01T00:00:00Z", version: 7 })],

  ["no API key, POST /events", 401, keyed, "POST", "/events", json(newEvent())],
  ["no API key, PUT /events/{id}", 401, keyed, "PUT", "/events/leak-1", json({ title: "x" })],
  ["no API key, DELETE /events/{id}", 401, keyed, "DELETE", "/events/leak-1"],
  ["wrong X-Api-Key, POST /events", 401, keyed, "POST", "/events", json(newEvent(), { "X-Api-Key": "wrong" })],
  ["wrong bearer token, PUT /events/{id}", 401, keyed, "PUT", "/events/leak-1", json({ title: "x" }, { Authorization: "Bearer wrong" })],
  ["an empty X-Api-Key, DELETE /events/{id}", 401, keyed, "DELETE", "/events/leak-1", { headers: { "X-Api-Key": "" } }],
  // The key is checked by the operation called (protocol/access.ts): an unknown path has none, and is not found.
  ["no API key, POST to an unknown path", 404, keyed, "POST", "/nowhere", json({})],

  ["unknown event, GET /events/{id}", 404, api, "GET", "/events/missing"],
  ["unknown event, PUT /events/{id}", 404, api, "PUT", "/events/missing", json({ title: "x" })],
  ["unknown event, DELETE /events/{id}", 404, api, "DELETE", "/events/missing"],
  ["an id no event can have, GET /events/{id}", 404, api, "GET", "/events/%00%ZZ"],
  ["unknown path", 404, api, "GET", "/nowhere"],
  ["unknown path, POST", 404, api, "POST", "/nowhere", json({})],
  ["unknown nested path", 404, api, "GET", "/events/leak-1/tickets"],
  ["unknown docs asset", 404, api, "GET", "/docs/missing.css"],
  ["unknown path under /health", 404, api, "GET", "/health/deep"],

  ["DELETE /events", 405, api, "DELETE", "/events"],
  ["PUT /events", 405, api, "PUT", "/events", json({})],
  ["PATCH /events/{id}", 405, api, "PATCH", "/events/leak-1", json({ title: "x" })],
  ["POST /events/{id}", 405, api, "POST", "/events/leak-1", json({})],
  ["POST /health", 405, api, "POST", "/health", json({})],
  ["PUT /openapi.json", 405, api, "PUT", "/openapi.json", json({})],
  ["DELETE /docs", 405, api, "DELETE", "/docs"],

  ["duplicate eventId, POST /events", 409, api, "POST", "/events", json(newEvent({ eventId: "leak-1" }))],

  ["stale If-Match, PUT /events/{id}", 412, api, "PUT", "/events/leak-1", json({ title: "x" }, { "If-Match": '"1"' })],
  ["stale If-Match, DELETE /events/{id}", 412, api, "DELETE", "/events/leak-1", { headers: { "If-Match": '"1"' } }],
  ["stale expectedVersion, DELETE /events/{id}", 412, api, "DELETE", "/events/leak-1?expectedVersion=1"],
  ["stale expectedVersion in the body, PUT /events/{id}", 412, api, "PUT", "/events/leak-1", json({ title: "x", expectedVersion: 1 })],
  ["a weak If-Match never matches, PUT /events/{id}", 412, api, "PUT", "/events/leak-1", json({ title: "x" }, { "If-Match": 'W/"2"' })],

  ["body over 1 MiB, POST /events", 413, api, "POST", "/events", json(BIG)],
  ["body over 1 MiB, PUT /events/{id}", 413, api, "PUT", "/events/leak-1", json(BIG)],

  ["text/plain, POST /events", 415, api, "POST", "/events", { body: JSON.stringify(newEvent()), headers: { "Content-Type": "text/plain" } }],
  ["no content type, POST /events", 415, api, "POST", "/events", { body: new TextEncoder().encode(JSON.stringify(newEvent())) }],
  ["form data, PUT /events/{id}", 415, api, "PUT", "/events/leak-1", { body: "title=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }],

  ["invalid field, POST /events", 422, api, "POST", "/events", json(newEvent({ capacity: "500" }))],
  ["unknown field, POST /events", 422, api, "POST", "/events", json(newEvent({ capcity: 1 }))],
  ["__proto__ field, POST /events", 422, api, "POST", "/events", json(`{"__proto__":{"x":1},${JSON.stringify(newEvent()).slice(1)}`)],
  ["invalid field, PUT /events/{id}", 422, api, "PUT", "/events/leak-1", json({ date: "2024-02-30" })],
  ["eventId differs from the path, PUT /events/{id}", 422, api, "PUT", "/events/leak-1", json({ eventId: "other" })],
  ["a JSON array body, POST /events", 422, api, "POST", "/events", json([])],
  ["limit=0, GET /events", 422, api, "GET", "/events?limit=0"],
  ["garbage cursor, GET /events", 422, api, "GET", "/events?cursor=%FF%FE"],
  ["unknown status, GET /events", 422, api, "GET", "/events?status=deleted"],
  ["from after to, GET /events", 422, api, "GET", "/events?from=2025-01-01&to=2024-01-01"],
  ["repeated status, GET /events", 422, api, "GET", "/events?status=draft&status=published"],
  ["expectedVersion=abc, DELETE /events/{id}", 422, api, "DELETE", "/events/leak-1?expectedVersion=abc"],

  ["store unreachable, GET /events/{id}", 503, unreachable, "GET", "/events/leak-1"],
  ["store unreachable, GET /events", 503, unreachable, "GET", "/events"],
  ["store unreachable, POST /events", 503, unreachable, "POST", "/events", json(newEvent())],
  ["store unreachable, PUT /events/{id}", 503, unreachable, "PUT", "/events/leak-1", json({ title: "x" })],
  ["store unreachable, DELETE /events/{id}", 503, unreachable, "DELETE", "/events/leak-1"],
  ["store unreachable, GET /health", 503, unreachable, "GET", "/health"],
  ["table missing, GET /events/{id}", 503, tableMissing, "GET", "/events/leak-1"],
  ["table missing, GET /events", 503, tableMissing, "GET", "/events?status=draft"],
  ["table missing, POST /events", 503, tableMissing, "POST", "/events", json(newEvent())],
  ["table missing, PUT /events/{id}", 503, tableMissing, "PUT", "/events/leak-1", json({ title: "x" })],
  ["table missing, DELETE /events/{id}", 503, tableMissing, "DELETE", "/events/leak-1"],
  ["table missing, GET /health", 503, tableMissing, "GET", "/health"],
];

const TRPC_CASES: Case[] = [
  ["malformed JSON, events.create", 400, api, "POST", "/trpc/events.create", json("{nope")],
  ["NaN literal, events.update", 400, api, "POST", "/trpc/events.update", json('{"eventId":"leak-1","capacity":NaN}')],
  ["malformed input, events.get", 400, api, "GET", "/trpc/events.get?input=%7B"],
  ["no fields to update, events.update", 400, api, "POST", "/trpc/events.update", json({ eventId: "leak-1" })],
  ["a batch whose input is not an object, events.list", 400, api, "GET", "/trpc/events.list?batch=1&input=%5B1%5D"],
  ["a batch mixing queries and mutations", 400, api, "POST", "/trpc/events.create,events.get?batch=1", json({})],

  ["no API key, events.create", 401, keyed, "POST", "/trpc/events.create", json(newEvent())],
  ["no API key, events.update", 401, keyed, "POST", "/trpc/events.update", json({ eventId: "leak-1", title: "x" })],
  ["wrong API key, events.delete", 401, keyed, "POST", "/trpc/events.delete", json({ eventId: "leak-1" }, { "X-Api-Key": "wrong" })],

  ["unknown event, events.get", 404, api, "GET", `/trpc/events.get?${input({ eventId: "missing" })}`],
  ["unknown event, events.update", 404, api, "POST", "/trpc/events.update", json({ eventId: "missing", title: "x" })],
  ["unknown event, events.delete", 404, api, "POST", "/trpc/events.delete", json({ eventId: "missing" })],
  ["unknown procedure", 404, api, "GET", "/trpc/events.nope"],
  ["unknown router", 404, api, "POST", "/trpc/nope.create", json({})],
  ["no procedure at all", 404, api, "GET", "/trpc/"],

  ["GET on a mutation, events.create", 405, api, "GET", "/trpc/events.create"],
  ["POST on a query, events.get", 405, api, "POST", "/trpc/events.get", json({ eventId: "leak-1" })],
  ["PUT on a query, events.list", 405, api, "PUT", "/trpc/events.list", json({})],

  ["duplicate eventId, events.create", 409, api, "POST", "/trpc/events.create", json(newEvent({ eventId: "leak-1" }))],

  ["stale expectedVersion, events.update", 412, api, "POST", "/trpc/events.update", json({ eventId: "leak-1", title: "x", expectedVersion: 1 })],
  ["stale expectedVersion, events.delete", 412, api, "POST", "/trpc/events.delete", json({ eventId: "leak-1", expectedVersion: 1 })],
  ["stale If-Match, events.update", 412, api, "POST", "/trpc/events.update", json({ eventId: "leak-1", title: "x" }, { "If-Match": '"1"' })],

  ["body over 1 MiB, events.create", 413, api, "POST", "/trpc/events.create", json(BIG)],
  ["body over 1 MiB, events.update", 413, api, "POST", "/trpc/events.update", json(BIG)],

  ["text/plain, events.create", 415, api, "POST", "/trpc/events.create", { body: JSON.stringify(newEvent()), headers: { "Content-Type": "text/plain" } }],
  ["no content type, events.delete", 415, api, "POST", "/trpc/events.delete", { body: new TextEncoder().encode('{"eventId":"leak-1"}') }],

  ["invalid input, events.create", 422, api, "POST", "/trpc/events.create", json(newEvent({ capacity: 0 }))],
  ["unknown field, events.update", 422, api, "POST", "/trpc/events.update", json({ eventId: "leak-1", capcity: 1 })],
  ["octet-stream body, events.create", 415, api, "POST", "/trpc/events.create", { body: JSON.stringify(newEvent()), headers: { "Content-Type": "application/octet-stream" } }],
  ["limit 0, events.list", 422, api, "GET", `/trpc/events.list?${input({ limit: 0 })}`],
  ["garbage cursor, events.list", 422, api, "GET", `/trpc/events.list?${input({ cursor: "@@@" })}`],
  ["a number as the eventId, events.get", 422, api, "GET", `/trpc/events.get?${input({ eventId: 5 })}`],

  ["store unreachable, events.get", 503, unreachable, "GET", `/trpc/events.get?${input({ eventId: "leak-1" })}`],
  ["store unreachable, events.list", 503, unreachable, "GET", `/trpc/events.list?${input({})}`],
  ["store unreachable, events.create", 503, unreachable, "POST", "/trpc/events.create", json(newEvent())],
  ["store unreachable, events.update", 503, unreachable, "POST", "/trpc/events.update", json({ eventId: "leak-1", title: "x" })],
  ["store unreachable, events.delete", 503, unreachable, "POST", "/trpc/events.delete", json({ eventId: "leak-1" })],
  ["table missing, events.get", 503, tableMissing, "GET", `/trpc/events.get?${input({ eventId: "leak-1" })}`],
  ["table missing, events.create", 503, tableMissing, "POST", "/trpc/events.create", json(newEvent())],
];

describe("REST errors: problem details, readable, nothing internal", () => {
  it.each(REST_CASES)("%s -> %i", async (label, status, target, method, path, init) => {
    const res = await send(target, method, path, init ?? {});
    expectCleanError(res, status, path, `${method} ${path.slice(0, 120)} (${label})`);
  });
});

describe("tRPC errors: tRPC's envelope, readable, nothing internal", () => {
  it.each(TRPC_CASES)("%s -> %i", async (label, status, target, method, path, init) => {
    const res = await send(target, method, path, init ?? {});
    expectCleanError(res, status, path, `${method} ${path.slice(0, 120)} (${label})`);
  });
});

describe("the errors changed nothing, and writes without the key did nothing", () => {
  it("leak-1 is still at version 2 with its capacity, on both servers", async () => {
    for (const target of [api, keyed]) {
      const res = await send(target, "GET", "/events/leak-1");
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ eventId: "leak-1", version: 2, capacity: 42, title: newEvent().title });
    }
    const listed = await send(api, "GET", "/events");
    expect((listed.body as { eventId: string }[]).map((e) => e.eventId)).toEqual(["leak-1"]);
  });

  it("with a key configured, reads stay open (REST and tRPC)", async () => {
    expect((await send(keyed, "GET", "/events")).status).toBe(200);
    expect((await send(keyed, "GET", "/events/leak-1")).status).toBe(200);
    expect((await send(keyed, "GET", `/trpc/events.get?${input({ eventId: "leak-1" })}`)).status).toBe(200);
  });
});

describe("a typed tRPC client reads each error's detail", () => {
  async function failure(promise: Promise<unknown>) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    return error as TRPCClientError<AppRouter>;
  }
  const clientOf = (target: Target) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${target.baseUrl}/trpc` })] });

  it("404, 409 and 422 carry the detail and the status", async () => {
    const client = clientOf(api);
    const missing = await failure(client.events.get.query({ eventId: "missing" }));
    expect(missing.message).toBe("Event not found");
    expect(missing.data?.httpStatus).toBe(404);
    const duplicate = await failure(client.events.create.mutate(newEvent({ eventId: "leak-1" })));
    expect(duplicate.data?.httpStatus).toBe(409);
    expectReadableDetail(duplicate.message, "409");
    expectNoInternals(JSON.stringify(duplicate.shape), "409");
  });

  it("401 without the API key carries the detail and the status", async () => {
    const denied = await failure(clientOf(keyed).events.create.mutate(newEvent({ eventId: "typed-401" })));
    expect(denied.data?.httpStatus, denied.message).toBe(401);
    expect(denied.message).toMatch(/API key/);
  });

  it("413 for an input over 1 MiB carries the detail and the status", async () => {
    const tooBig = await failure(clientOf(api).events.create.mutate(newEvent({ eventId: "typed-413", description: "x".repeat(1024 * 1024) })));
    expect(tooBig.data?.httpStatus, tooBig.message).toBe(413);
    expect(tooBig.message).toMatch(/1 MiB/);
  });

  it("503 when the store cannot be reached carries the detail and the status", async () => {
    const down = await failure(clientOf(unreachable).events.get.query({ eventId: "leak-1" }));
    expect(down.data?.httpStatus, down.message).toBe(503);
    expectReadableDetail(down.message, "503");
    expectNoInternals(JSON.stringify(down.shape ?? {}), "503");
  });
});

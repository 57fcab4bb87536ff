/**
 * Errors over HTTP: every error is RFC 9457 problem details with a string
 * `detail` and nothing internal; unknown paths are JSON 404s; known paths with
 * another method are 405 + Allow; every response has an X-Request-Id.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newEvent, startTestApi, type JsonResponse } from "./harness.js";
import { readJson } from "../../../test-support/index.js";
import { expectNoLeaks, expectProblem, rawRequest } from "./rest-helpers.js";

const api = await startTestApi();

beforeAll(async () => {
  const res = await api.json("POST", "/events", newEvent({ eventId: "err-1" }));
  expect(res.status, res.text).toBe(201);
  expect((await api.json("PUT", "/events/err-1", { capacity: 42 })).status).toBe(200); // now at version 2
});

/** Fetch with a raw body and content type, read like api.json. */
async function send(method: string, path: string, init: { body?: RequestInit["body"]; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  return readJson(await api.request(path, { method, ...init }));
}

describe("every error is problem details, with nothing internal in it", () => {
  const json = { "Content-Type": "application/json" };
  const cases: [name: string, status: number, request: () => Promise<JsonResponse>][] = [
    ["400 malformed JSON on POST", 400, () => api.json("POST", "/events", "{nope")],
    ["400 malformed JSON on PUT", 400, () => api.json("PUT", "/events/err-1", "{nope")],
    ["400 invalid UTF-8 body", 400, () => rawRequest(api, "POST", "/events", { headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) })],
    ["400 No fields to update", 400, () => api.json("PUT", "/events/err-1", {})],
    ["404 unknown event (GET)", 404, () => api.json("GET", "/events/missing")],
    ["404 unknown event (PUT)", 404, () => api.json("PUT", "/events/missing", { title: "x" })],
    ["404 unknown event (DELETE)", 404, () => api.json("DELETE", "/events/missing")],
    ["404 unknown path", 404, () => api.json("GET", "/nowhere")],
    ["404 unknown nested path", 404, () => api.json("GET", "/events/err-1/tickets")],
    ["404 unknown path, POST", 404, () => api.json("POST", "/nowhere", {})],
    ["405 PATCH /events/{id}", 405, () => api.json("PATCH", "/events/err-1", { title: "x" })],
    ["405 DELETE /events", 405, () => api.json("DELETE", "/events")],
    ["405 POST /health", 405, () => api.json("POST", "/health", {})],
    ["409 duplicate id", 409, () => api.json("POST", "/events", newEvent({ eventId: "err-1" }))],
    ["412 stale If-Match on PUT", 412, () => api.json("PUT", "/events/err-1", { title: "x" }, { "If-Match": '"1"' })],
    ["412 stale If-Match on DELETE", 412, () => api.json("DELETE", "/events/err-1", undefined, { "If-Match": '"1"' })],
    ["413 body over 1 MiB", 413, () => rawRequest(api, "POST", "/events", { headers: json, body: `{"title":"${"x".repeat(1024 * 1024)}"}` })],
    ["415 text/plain", 415, () => send("POST", "/events", { body: JSON.stringify(newEvent()), headers: { "Content-Type": "text/plain" } })],
    ["415 no content type", 415, () => send("POST", "/events", { body: new TextEncoder().encode(JSON.stringify(newEvent())) })],
    ["415 on PUT", 415, () => send("PUT", "/events/err-1", { body: '{"title":"x"}', headers: { "Content-Type": "text/plain" } })],
    ["422 invalid field", 422, () => api.json("POST", "/events", newEvent({ capacity: "500" }))],
    ["422 unknown field", 422, () => api.json("POST", "/events", newEvent({ capcity: 1 }))],
    ["422 JSON array body", 422, () => api.json("POST", "/events", [])],
    ["422 bad list query", 422, () => api.json("GET", "/events?limit=0")],
    ["422 bad cursor", 422, () => api.json("GET", "/events?cursor=%%%")],
    ["422 unknown status filter", 422, () => api.json("GET", "/events?status=nope")],
    ["422 eventId differs from path", 422, () => api.json("PUT", "/events/err-1", { eventId: "other" })],
  ];

  for (const [name, status, request] of cases) {
    it(name, async () => {
      const res = await request();
      expectProblem(res, status);
      expect(res.body.type).toMatch(/^(about:blank|https?:\/\/|\/)/);
      if (status === 422) {
        expect(Array.isArray(res.body.errors)).toBe(true);
        expect(res.body.errors.length).toBeGreaterThan(0);
        for (const entry of res.body.errors) expect(entry).toEqual({ field: expect.any(String), message: expect.any(String) });
      }
    });
  }

  it("the error statuses keep the event intact", async () => {
    const res = await api.json("GET", "/events/err-1");
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    expect(res.body.capacity).toBe(42);
  });

  it("hostile inputs are answered as client errors, never 500, never leaking", async () => {
    const requests: (() => Promise<JsonResponse>)[] = [
      () => api.json("GET", "/events/%25"),
      () => api.json("GET", "/events/%ZZ"),
      () => api.json("GET", `/events/${"x".repeat(5000)}`),
      () => api.json("GET", "/events?cursor=%FF%FE"),
      () => api.json("GET", "/events?status=%00"),
      () => api.json("GET", "/events?from=2024-12-15T18:30:00%2099:99"),
      () => api.json("PUT", "/events/err-1", '{"__proto__": {"polluted": true}}'),
      () => api.json("PUT", "/events/err-1", '{"constructor": {"prototype": {"polluted": true}}}'),
      () => api.json("PUT", "/events/err-1", { title: "\u0000bad" }),
      () => api.json("PUT", "/events/err-1", '{"title": "\\ud800"}'),
      () => api.json("PUT", "/events/err-1", { capacity: 1e400 }),
      () => api.json("PUT", "/events/err-1", '{"capacity": 1e400}'),
      () => api.json("POST", "/events", newEvent({ eventId: "x".repeat(5000) })),
      () => api.json("POST", "/events", newEvent({ title: { nested: true } })),
      () => api.json("POST", "/events", newEvent({ date: ["2024-12-15"] })),
      () => api.json("DELETE", "/events/err-1?expectedVersion=abc"),
    ];
    for (const request of requests) {
      const res = await request();
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expectProblem(res, res.status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await api.json("GET", "/events/err-1")).body.version).toBe(2);
  });

  it("a 404 for an unknown id is exactly the original's detail", async () => {
    const res = await api.json("GET", "/events/nope");
    expect(res.body.detail).toBe("Event not found");
    expect(res.body.title).toBe("Not Found");
    expect(res.body.status).toBe(404);
  });
});

describe("unknown paths and wrong methods", () => {
  for (const path of ["/", "/nowhere", "/event", "/EVENTS", "/events/err-1/extra", "/events//err-1", "/health/deep", "/docs/not-an-asset.js"]) {
    it(`GET ${path} -> JSON 404`, async () => {
      const res = await api.json("GET", path);
      expectProblem(res, 404);
    });
  }

  const wrong: [method: string, path: string, allowed: string[]][] = [
    ["PATCH", "/events/x", ["GET", "PUT", "DELETE"]],
    ["POST", "/events/err-1", ["GET", "PUT", "DELETE"]],
    ["DELETE", "/events", ["GET", "POST"]],
    ["PUT", "/events", ["GET", "POST"]],
    ["PATCH", "/events", ["GET", "POST"]],
    ["POST", "/health", ["GET"]],
    ["DELETE", "/health", ["GET"]],
    ["POST", "/openapi.json", ["GET"]],
    ["PUT", "/docs", ["GET"]],
  ];
  for (const [method, path, allowed] of wrong) {
    it(`${method} ${path} -> 405 with Allow`, async () => {
      const res = await api.json(method, path, method === "DELETE" ? undefined : {});
      expectProblem(res, 405);
      const allow = (res.headers.get("allow") ?? "").split(",").map((m) => m.trim());
      for (const m of allowed) expect(allow).toContain(m);
      expect(allow).not.toContain(method);
    });
  }

  it("a 405 changes nothing", async () => {
    await api.json("PATCH", "/events/err-1", { title: "patched" });
    expect((await api.json("GET", "/events/err-1")).body.title).not.toBe("patched");
  });
});

describe("X-Request-Id", () => {
  it("every response carries one, each different", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "rid-1" }));
    const responses: Response[] = [
      await api.request("/health"),
      await api.request("/openapi.json"),
      await api.request("/docs"),
      await api.request("/events"),
      await api.request("/events/rid-1"),
      await api.request("/events/rid-1", { method: "HEAD" }),
      await api.request("/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(newEvent()) }),
      await api.request("/events/rid-1", { method: "PUT", headers: { "Content-Type": "application/json" }, body: '{"title":"t"}' }),
      await api.request("/events/rid-1", { method: "DELETE" }),
      await api.request("/events/rid-1"),
      await api.request("/nowhere"),
      await api.request("/events", { method: "DELETE" }),
      await api.request("/events", { method: "OPTIONS", headers: { Origin: "https://a.example", "Access-Control-Request-Method": "POST" } }),
    ];
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const [i, id] of ids.entries()) expect(id, `response ${i} (${responses[i]!.status})`).toMatch(/\S/);
    expect(new Set(ids).size).toBe(ids.length);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
  });

  it("error responses carry one too (413, 415, 422)", async () => {
    const big = await rawRequest(api, "POST", "/events", { headers: { "Content-Type": "application/json" }, body: " ".repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(big.headers.get("x-request-id")).toBeTruthy();
    const res415 = await send("POST", "/events", { body: "x", headers: { "Content-Type": "text/plain" } });
    expect(res415.headers.get("x-request-id")).toBeTruthy();
    const res422 = await api.json("POST", "/events", {});
    expect(res422.headers.get("x-request-id")).toBeTruthy();
    expectNoLeaks(res422.text);
  });
});

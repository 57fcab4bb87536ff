/** Shared assertions for the REST contract tests (rest-*.test.ts). */
import http from "node:http";
import { expect } from "vitest";
import type { JsonResponse, TestApi } from "./harness.js";
import { parseJson } from "../../../test-support/index.js";

/**
 * What must never leak out of an error: stack frames, exception class names,
 * store/SDK names, source paths. ("at " is matched as a stack frame, `at fn (file:1:2)`,
 * so that an ordinary message such as "must be at most 200 characters" is allowed.)
 */
const LEAKS: RegExp[] = [
  /\bat [^\s]+ \(/, // "at handler (file:1:2)"
  /\bat [^\s]*:\d+:\d+/, // "at file:///x.js:1:2"
  /^\s*at /m, // a stack line
  /Error:/,
  /ElectroDB/i,
  /DynamoDB/i,
  /Exception/,
  /node_modules/,
  /\.ts:\d+/,
  /\.js:\d+/,
  /stack/i,
];

export function expectNoLeaks(text: string) {
  for (const pattern of LEAKS) expect(text, `error body leaks ${pattern}`).not.toMatch(pattern);
}

/** An event's strong ETag at this version, `"<version>-<incarnation>"` (the incarnation: 8 base64url characters). */
export const etagPattern = (version: number) => new RegExp(`^"${version}-[\\w-]{8}"$`);

/** An RFC 9457 problem-details error with the given status. */
export function expectProblem(res: JsonResponse, status: number, detail?: string | RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type") ?? "").toMatch(/^application\/problem\+json/);
  expect(res.body, `not JSON: ${res.text}`).toBeTypeOf("object");
  expect(res.body).not.toBeNull();
  expect(res.body.type).toBeTypeOf("string");
  expect(res.body.title).toBeTypeOf("string");
  expect(res.body.title.length).toBeGreaterThan(0);
  expect(res.body.status).toBe(status);
  expect(res.body.detail).toBeTypeOf("string");
  expect(res.body.detail.length).toBeGreaterThan(0);
  if (typeof detail === "string") expect(res.body.detail).toBe(detail);
  else if (detail) expect(res.body.detail).toMatch(detail);
  expectNoLeaks(res.text);
  expect(res.headers.get("x-request-id")).toBeTruthy();
}

/** A 422 whose `errors` names `field` (and every entry is `{field, message}` strings). */
export function expectFieldError(res: JsonResponse, field: string) {
  expectProblem(res, 422);
  expect(Array.isArray(res.body.errors), res.text).toBe(true);
  for (const entry of res.body.errors as unknown[]) {
    expect(entry).toEqual({ field: expect.any(String), message: expect.any(String) });
  }
  const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
  expect(fields, res.text).toContain(field);
  const entry = (res.body.errors as { field: string; message: string }[]).find((e) => e.field === field)!;
  expect(entry.message.length).toBeGreaterThan(0);
  expect(res.body.detail).toContain(field);
}

/** Every event in the store (the whole list, all pages). */
export async function allEvents(api: TestApi): Promise<{ eventId: string }[]> {
  const events: { eventId: string }[] = [];
  let path: string | undefined = "/events?limit=1000";
  while (path) {
    const res = await api.json("GET", path);
    expect(res.status, res.text).toBe(200);
    events.push(...(res.body as { eventId: string }[]));
    path = nextLink(res.headers.get("link"));
  }
  return events;
}

/** The target of `Link: <...>; rel="next"`, or undefined. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/.test(match[2]!)) return match[1];
  }
  return undefined;
}

/** Waits until the clock has moved on, so two server timestamps cannot coincide. */
export async function tick(ms = 5) {
  const start = Date.now();
  while (Date.now() - start < ms) await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A request over node:http, for what fetch cannot control: the connection
 * (`agent`: a keep-alive agent to reuse one socket, or `false` for a fresh one)
 * and chunked bodies (`chunked: true` sends no Content-Length).
 */
export function rawRequest(
  api: TestApi,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent | false; chunked?: boolean } = {},
): Promise<JsonResponse> {
  const { headers = {}, body, agent = false, chunked = false } = options;
  return new Promise((resolve, reject) => {
    const sent: Record<string, string> = { ...headers };
    if (body !== undefined && !chunked) sent["Content-Length"] = String(Buffer.byteLength(body));
    const req = http.request(`${api.baseUrl}${path}`, { method, agent, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parseJson(text), text });
      });
    });
    req.on("error", reject);
    if (body !== undefined && chunked) {
      // Several writes, so that the body really goes out in chunks.
      const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
      for (let i = 0; i < buffer.length; i += 64 * 1024) req.write(buffer.subarray(i, i + 64 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/**
 * Size limits and malformed HTTP. A body over 1 MiB is a 413 that arrives
 * while the client is still sending (the server never waits for, or holds, the
 * whole body), on every write, REST and tRPC, declared by Content-Length or
 * streamed in chunks. Very long paths, queries and headers, and requests that
 * break HTTP/1.1 itself, are 4xx with a JSON `detail` too. Afterwards the
 * server is healthy and no stored event has changed.
 */
import net from "node:net";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import {
  REQUEST_TIMEOUT_MS,
  expectClientError,
  expectNothingChanged,
  expectSeedUnchanged,
  parseRawResponse,
  rawHttp,
  seedEvents,
  send,
  sendJson,
  sendRaw,
  snapshot,
  type Reply,
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

const MiB = 1024 * 1024;
const { hostname, port } = new URL(api.baseUrl);

/** The writes that take a body, with what each must not change. */
const WRITES: { label: string; method: string; path: string }[] = [
  { label: "POST /events", method: "POST", path: "/events" },
  { label: "PUT /events/EVT-1", method: "PUT", path: "/events/EVT-1" },
  { label: "tRPC events.create", method: "POST", path: "/trpc/events.create" },
  { label: "tRPC events.update", method: "POST", path: "/trpc/events.update" },
];

async function expectHealthy(context: string) {
  const health = await send(api, "GET", "/health");
  expect(health.status, `${context}: /health`).toBe(200);
  const created = await api.json("POST", "/events", newEvent({ eventId: "limits-probe" }));
  expect(created.status, `${context}: a normal create afterwards: ${created.text}`).toBe(201);
  expect((await api.json("DELETE", "/events/limits-probe")).status).toBe(204);
}

/**
 * Opens a connection, sends `head` and then body bytes as fast as the socket
 * takes them (chunked framing when `chunked`), until the server answers, the
 * server closes, or `limit` bytes have gone. Returns the answer, how many body
 * bytes had been sent when it began, and how long it took.
 */
function streamUntilAnswered(
  head: string,
  options: { chunked: boolean; limit: number; firstBytes?: string; endAfterMs?: number },
): Promise<{ res: Reply; sentBeforeAnswer: number; answeredAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let sent = 0;
    let sentBeforeAnswer = -1;
    let answeredAfterMs = -1;
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms after ${sent} bytes`));
    }, REQUEST_TIMEOUT_MS);
    const piece = Buffer.alloc(64 * 1024, " ");
    const frame = options.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
    socket.on("data", (chunk: Buffer) => {
      if (sentBeforeAnswer < 0) {
        sentBeforeAnswer = sent;
        answeredAfterMs = performance.now() - started;
      }
      chunks.push(chunk);
    });
    socket.on("error", () => {}); // the server may reset a connection it stopped reading
    socket.on("close", () => {
      closed = true;
      clearTimeout(timer);
      resolve({ res: { ...parseRawResponse(Buffer.concat(chunks)), ms: performance.now() - started }, sentBeforeAnswer, answeredAfterMs });
    });
    socket.on("connect", async () => {
      socket.write(head);
      if (options.firstBytes) {
        socket.write(options.chunked ? `${Buffer.byteLength(options.firstBytes).toString(16)}\r\n${options.firstBytes}\r\n` : options.firstBytes);
        sent += Buffer.byteLength(options.firstBytes);
      }
      while (!closed && sentBeforeAnswer < 0 && sent < options.limit) {
        const more = socket.write(frame);
        sent += piece.length;
        if (!more) {
          await new Promise<void>((go) => {
            const done = () => {
              socket.off("drain", done);
              socket.off("close", done);
              go();
            };
            socket.on("drain", done);
            socket.on("close", done);
            setTimeout(done, 200); // a server that stopped reading never drains
          });
        }
      }
      // Answered (or the limit reached): stop sending; the server must end the connection itself.
      if (!closed) setTimeout(() => socket.end(), options.endAfterMs ?? 4_000).unref();
    });
  });
}

const headFor = (method: string, path: string, framing: string) =>
  `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`;

describe("bodies over 1 MiB: 413 before the body has been read", () => {
  for (const { label, method, path } of WRITES) {
    it(`${label}: Content-Length of 50 MB and only 1 KB sent`, async () => {
      const first = path.endsWith("update") ? `{"eventId":"EVT-1","title":"${"x".repeat(1000)}` : `{"title":"${"x".repeat(1000)}`;
      const { res, answeredAfterMs } = await streamUntilAnswered(headFor(method, path, `Content-Length: ${50 * 1000 * 1000}`), {
        chunked: false,
        limit: 0,
        firstBytes: first,
      });
      expect(res.status, res.text).toBe(413);
      expect(answeredAfterMs, "the 413 waited for the body").toBeLessThan(2_000);
      // The server ends the connection instead of reading 50 MB it will throw away.
      expect(res.ms, "the connection stayed open for the rest of the body").toBeLessThan(3_000);
      expectClientError(res, path, `${label} declared 50 MB`);
      await expectSeedUnchanged(api, before, "EVT-1", label);
      await expectHealthy(label);
      await expectNothingChanged(api, before, `after ${label} declared 50 MB`);
    });

    it(`${label}: a chunked body that would be 64 MB is cut off soon after 1 MiB`, async () => {
      const first = path.endsWith("update") ? '{"eventId":"EVT-1","title":"' : '{"title":"';
      const { res, sentBeforeAnswer } = await streamUntilAnswered(headFor(method, path, "Transfer-Encoding: chunked"), {
        chunked: true,
        limit: 64 * MiB,
        firstBytes: first,
      });
      expect(res.status, res.text).toBe(413);
      expect(sentBeforeAnswer, "bytes sent before the 413").toBeGreaterThan(0);
      expect(sentBeforeAnswer, "the server read far past the limit before answering").toBeLessThan(16 * MiB);
      expectClientError(res, path, `${label} chunked`);
      await expectHealthy(label);
      await expectNothingChanged(api, before, `after ${label} chunked`);
    });
  }

  it("an unknown path or a GET with a 50 MB Content-Length is answered promptly and the server stays up", async () => {
    for (const [method, path] of [
      ["POST", "/nowhere"],
      ["GET", "/events"],
      ["DELETE", "/events/EVT-1"],
      ["POST", "/trpc/events.nope"],
    ] as const) {
      const { res, answeredAfterMs } = await streamUntilAnswered(headFor(method, path, `Content-Length: ${50 * 1000 * 1000}`), {
        chunked: false,
        limit: 0,
        firstBytes: "{}",
        // A GET's body is never read, so nothing makes the server close: the client does.
        endAfterMs: 300,
      });
      expect(res.status, `${method} ${path}: ${res.text}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
      expect(answeredAfterMs, `${method} ${path}`).toBeLessThan(2_000);
    }
    await expectHealthy("after 50 MB declarations on other paths");
    await expectNothingChanged(api, before, "after 50 MB declarations on other paths");
  });

  it("exactly 1 MiB is accepted and 1 MiB + 1 byte is a 413, over REST and tRPC", async () => {
    const pad = (json: string, size: number) => json.replace(/}$/, `${" ".repeat(size - Buffer.byteLength(json))}}`);
    const rest = JSON.stringify(newEvent({ eventId: "exactly-one-mib" }));
    const atLimit = await sendJson(api, "POST", "/events", pad(rest, MiB));
    expect(atLimit.status, atLimit.text).toBe(201);
    expect((await api.json("DELETE", "/events/exactly-one-mib")).status).toBe(204);
    const over = await sendJson(api, "POST", "/events", pad(rest, MiB + 1));
    expectClientError(over, "/events", "POST 1 MiB + 1");
    expect(over.status).toBe(413);

    const trpc = JSON.stringify(newEvent({ eventId: "exactly-one-mib-trpc" }));
    const trpcAtLimit = await sendJson(api, "POST", "/trpc/events.create", pad(trpc, MiB));
    expect(trpcAtLimit.status, trpcAtLimit.text).toBe(200);
    expect((await api.json("DELETE", "/events/exactly-one-mib-trpc")).status).toBe(204);
    const trpcOver = await sendJson(api, "POST", "/trpc/events.create", pad(trpc, MiB + 1));
    expect(trpcOver.status, trpcOver.text).toBe(413);
    expectClientError(trpcOver, "/trpc/events.create", "tRPC 1 MiB + 1");
    await expectNothingChanged(api, before, "after the 1 MiB boundary");
  });

  it("many 413s in parallel leave the server healthy", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        streamUntilAnswered(headFor("POST", i % 2 ? "/events" : "/trpc/events.create", i % 3 ? "Transfer-Encoding: chunked" : `Content-Length: ${50 * 1000 * 1000}`), {
          chunked: i % 3 !== 0,
          limit: 8 * MiB,
          firstBytes: "[",
        }),
      ),
    );
    for (const { res } of results) expect(res.status, res.text).toBe(413);
    await expectHealthy("after parallel 413s");
    await expectNothingChanged(api, before, "after parallel 413s");
  });
});

// ---------------------------------------------------------------------------

describe("very long paths, queries and headers are 4xx with a JSON detail", () => {
  const KB = 1000;
  const cases: [name: string, request: () => Promise<Reply>, path: string][] = [
    ["GET /events/{12 KB id}", () => send(api, "GET", `/events/${"a".repeat(12 * KB)}`), "/events"],
    ["GET /events?cursor={12 KB}", () => send(api, "GET", `/events?cursor=${"a".repeat(12 * KB)}`), "/events"],
    ["GET /events/{100 KB id}", () => send(api, "GET", `/events/${"a".repeat(100 * KB)}`), "/events"],
    ["PUT /events/{100 KB id}", () => sendJson(api, "PUT", `/events/${"a".repeat(100 * KB)}`, '{"title":"x"}'), "/events"],
    ["DELETE /events/{100 KB id}", () => send(api, "DELETE", `/events/${"%00".repeat(33 * KB)}`), "/events"],
    ["GET /{100 KB path}", () => send(api, "GET", `/${"x/".repeat(50 * KB)}`), "/"],
    ["GET /events?status={100 KB}", () => send(api, "GET", `/events?status=${"draft".repeat(20 * KB)}`), "/events"],
    ["GET /events with 10k repeated parameters", () => send(api, "GET", `/events?${"limit=1&".repeat(10 * KB)}`), "/events"],
    ["GET /events with a 100 KB header", () => send(api, "GET", "/events", { headers: { "X-Forwarded-Prefix": `/${"a".repeat(100 * KB)}` } }), "/events"],
    ["GET /events with 400 headers of 100 bytes", () => send(api, "GET", "/events", { headers: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`x-h${i}`, "v".repeat(100)])) }), "/events"],
    ["tRPC events.get with a 100 KB input", () => send(api, "GET", `/trpc/events.get?input=${encodeURIComponent(JSON.stringify({ eventId: "a".repeat(100 * KB) }))}`), "/trpc/events.get"],
    ["tRPC batch of 5000 calls in the path", () => send(api, "GET", `/trpc/${Array(5000).fill("events.get").join(",")}?batch=1`), "/trpc/events.get"],
  ];
  it.each(cases)("%s", async (name, request, path) => {
    const res = await request();
    expectClientError(res, path, name);
    expect(res.ms, name).toBeLessThan(3_000);
    await expectNothingChanged(api, before, `after ${name}`);
  });
});

// ---------------------------------------------------------------------------

/**
 * Requests that break HTTP/1.1 (or that the Node adapter refuses before the
 * app runs). They must still be 4xx, and the contract's "every error is JSON
 * with a detail" holds for them too.
 */
const MALFORMED: [name: string, bytes: Buffer][] = [
  ["a raw control character in the path", rawHttp("GET /events/a\x01b HTTP/1.1")],
  ["a raw tab in the path", rawHttp("GET /events/a\tb HTTP/1.1")],
  ["raw bytes that are not UTF-8 in the path", Buffer.concat([Buffer.from("GET /events/"), Buffer.from([0xff, 0xfe]), Buffer.from(" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")])],
  ["a backslash in the path", rawHttp("GET /events\\EVT-1 HTTP/1.1")],
  ["an asterisk as the target of a GET", rawHttp("GET * HTTP/1.1")],
  ["an absolute URL with another scheme", rawHttp("GET ftp://example.com/events HTTP/1.1")],
  ["an unknown method", rawHttp("FOO /events HTTP/1.1")],
  ["a lowercase method", rawHttp("get /events HTTP/1.1")],
  ["an unknown HTTP version", rawHttp("GET /events HTTP/1.2")],
  ["a garbage request line", Buffer.from("GARBAGE\r\n\r\n")],
  ["bare LF line ends", Buffer.from("GET /events HTTP/1.1\nHost: a\nConnection: close\n\n")],
  ["a control character in a header value", rawHttp("GET /events HTTP/1.1", ["X-Forwarded-Prefix: a\x01b"])],
  ["DEL in a header value", rawHttp("GET /events HTTP/1.1", ["If-Match: \x7f"])],
  ["NUL in a header name", rawHttp("GET /events HTTP/1.1", ["X-\x00A: a"])],
  ["a header line without a colon", rawHttp("GET /events HTTP/1.1", ["Garbage"])],
  ["a space before the colon", rawHttp("GET /events HTTP/1.1", ["X-A : a"])],
  ["an obsolete folded header", rawHttp("GET /events HTTP/1.1", ["X-A: a", " folded"])],
  ["a Host that is not a host", Buffer.from("GET /events HTTP/1.1\r\nHost: %%%\r\nConnection: close\r\n\r\n")],
  ["a Host with a slash", Buffer.from("GET /events HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n")],
  ["no Host in HTTP/1.1", Buffer.from("GET /events HTTP/1.1\r\nConnection: close\r\n\r\n")],
  ["two different Content-Lengths", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Content-Length: 2", "Content-Length: 3"])],
  ["Content-Length and Transfer-Encoding together", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Content-Length: 2", "Transfer-Encoding: chunked"])],
  ["a negative Content-Length", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Content-Length: -1"])],
  ["a Content-Length in exponent notation", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Content-Length: 1e3"])],
  ["a Transfer-Encoding other than chunked", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Transfer-Encoding: gzip"])],
  ["an invalid chunk size", Buffer.from(`POST /events HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`)],
  ["an Expect the server cannot meet", rawHttp("POST /events HTTP/1.1", ["Content-Type: application/json", "Expect: teapot"], "{}")],
  ["3000 header lines", rawHttp("GET /events HTTP/1.1", Array.from({ length: 3000 }, (_, i) => `X-${i}: 1`))],
];

describe("malformed HTTP is rejected with a 4xx, and the server stays up", () => {
  let atStart: Snapshot;
  beforeAll(async () => {
    atStart = await snapshot(api);
  });
  it.each(MALFORMED)("%s: a 4xx", async (name, bytes) => {
    const res = await sendRaw(api, bytes);
    expect(res.status, `${name}: ${res.text}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${name}: ${res.text}`).toBeLessThan(500);
    expect((await send(api, "GET", "/health")).status).toBe(200);
  });

  it.each(MALFORMED)("%s: the 4xx is JSON with a detail", async (name, bytes) => {
    const res = await sendRaw(api, bytes);
    expectClientError(res, "/", name);
  });

  it("afterwards nothing has changed", async () => {
    await expectHealthy("after malformed HTTP");
    await expectNothingChanged(api, atStart, "after malformed HTTP");
  });
});

/**
 * A store that cannot be reached, or that accepts connections and never
 * answers: every request gets a JSON 503 within the contract's 10 seconds,
 * and /health says so.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { appOverStore, closedPort, newEvent } from "./harness.js";

/** A TCP port that accepts connections and never says anything. */
async function silentStore(): Promise<{ endpoint: string; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sockets };
}

const CONTRACT_LIMIT_MS = 10_000;

async function expectUnavailable(response: Response, started: number) {
  expect(Date.now() - started).toBeLessThan(CONTRACT_LIMIT_MS);
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toContain("json");
  const body = (await response.json()) as { detail?: unknown };
  expect(typeof body.detail).toBe("string");
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|Timeout|Exception|Error|at \S+ \(/);
}

describe("store unreachable", async () => {
  const app = appOverStore(await closedPort());

  it.each([
    ["GET", "/events/some-id"],
    ["GET", "/events"],
    ["POST", "/events"],
    ["PUT", "/events/some-id"],
    ["DELETE", "/events/some-id"],
    ["GET", "/health"],
  ])("%s %s answers 503", async (method, path) => {
    const started = Date.now();
    const body = method === "POST" ? newEvent() : method === "PUT" ? { capacity: 5 } : undefined;
    const response = await app.request(path, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
    });
    await expectUnavailable(response, started);
  });

  it("answers tRPC calls with SERVICE_UNAVAILABLE", async () => {
    const response = await app.request(`/trpc/events.get?input=${encodeURIComponent(JSON.stringify({ eventId: "x" }))}`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("store that never answers", async () => {
  const silent = await silentStore();
  afterAll(async () => {
    for (const socket of silent.sockets) socket.destroy();
    await new Promise((resolve) => silent.server.close(resolve));
  });
  const app = appOverStore(silent.endpoint);

  it("a read answers 503 within the time limit", async () => {
    const started = Date.now();
    await expectUnavailable(await app.request("/events/some-id"), started);
  }, 15_000);

  it("/health answers 503 within the time limit", async () => {
    const started = Date.now();
    await expectUnavailable(await app.request("/health"), started);
  }, 15_000);
});

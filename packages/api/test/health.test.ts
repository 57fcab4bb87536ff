/**
 * /health answers from a cached reachability: one store check at most per
 * period, shared by the requests that arrive while it runs. Over HTTP against
 * a real store; the checks are counted where the app calls them, the period is
 * measured on a clock the test moves.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { createDynamoClient, createServices, ensureTable } from "@events/core";
import { startStore } from "../../../test-support/index.js";
import { createApp, createNodeServer, jsonLogger, type AppOptions } from "../src/index.js";
import { HEALTH_CACHE_MS } from "../src/http/health.js";

const store = await startStore();
const client = createDynamoClient({ endpoint: store.endpoint, maxAttempts: 1 });
await ensureTable(client, "Events");
afterAll(() => client.destroy());

/** The app over the store on a loopback port, counting the reachability checks it makes. */
async function serve(options?: AppOptions["health"]) {
  const counter = { checks: 0 };
  const { events, registrations, isReachable } = createServices({ client, tableName: "Events" });
  const app = createApp({
    events,
    registrations,
    isStoreReachable: () => {
      counter.checks++;
      return isReachable();
    },
    log: jsonLogger("silent"),
    ...(options ? { health: options } : {}),
  });
  const server = createNodeServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  const once = async () => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as { status?: string; detail?: string } };
  };
  const health = (times = 1) => Promise.all(Array.from({ length: times }, once));
  return { counter, health };
}

const statuses = (answers: { status: number }[]) => [...new Set(answers.map((a) => a.status))];

describe("/health", () => {
  describe("with the default period and clock", async () => {
    const { counter, health } = await serve();
    it("requests in a row share one check", async () => {
      expect(statuses(await health())).toEqual([200]);
      expect(statuses(await health())).toEqual([200]);
      expect(counter.checks).toBe(1);
    });
  });

  describe("on a clock the test moves", async () => {
    let clock = 1_000_000;
    const { counter, health } = await serve({ now: () => clock });

    it("20 concurrent requests make one store call, and all say healthy", async () => {
      const answers = await health(20);
      expect(answers.map((a) => a.body)).toEqual(Array(20).fill({ status: "healthy" }));
      expect(counter.checks).toBe(1);
    });

    it("within the period, no further store call", async () => {
      clock += HEALTH_CACHE_MS - 1;
      expect(statuses(await health(5))).toEqual([200]);
      expect(counter.checks).toBe(1);
    });

    it("a store that went away is reported when the period ends, by one call for all concurrent requests", async () => {
      await store.close();
      expect(statuses(await health())).toEqual([200]);
      expect(counter.checks).toBe(1);

      clock += 1;
      const answers = await health(20);
      expect(statuses(answers)).toEqual([503]);
      expect(answers[0]!.body.detail).toBe("The event store cannot be reached");
      expect(counter.checks).toBe(2);
    });

    it("a store that is down is not asked again within the period either", async () => {
      clock += HEALTH_CACHE_MS - 1;
      expect(statuses(await health(5))).toEqual([503]);
      expect(counter.checks).toBe(2);
      clock += 1;
      expect(statuses(await health(5))).toEqual([503]);
      expect(counter.checks).toBe(3);
    });
  });
});

/**
 * Racing writers never lose an update or bring back a deleted event, and a
 * store that goes away and comes back is recovered from without a restart.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable } from "@events/core";
import { createApp } from "../src/index.js";
import { HEALTH_CACHE_MS } from "../src/http/health.js";
import { jsonLogger } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";

const api = await startTestApi();

describe("races", () => {
  // 30 writers retrying make ~500 conditional writes: seconds on DynamoDB Local, more on a loaded machine.
  it("read-modify-write with If-Match and retry on 412 loses no update (30 writers add 1 each)", { timeout: 60_000 }, async () => {
    await api.json("POST", "/events", newEvent({ eventId: "counter", capacity: 1 }));
    const writers = 30;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (;;) {
          const current = await api.json("GET", "/events/counter");
          const etag = current.headers.get("etag")!;
          const put = await api.json("PUT", "/events/counter", { capacity: current.body.capacity + 1 }, { "If-Match": etag });
          if (put.status === 200) return;
          expect(put.status).toBe(412);
          conflicts++;
        }
      }),
    );
    const final = await api.json("GET", "/events/counter");
    expect(final.body.capacity).toBe(1 + writers);
    expect(final.body.version).toBe(1 + writers);
    expect(conflicts).toBeGreaterThan(0); // the writers really did race
  });

  it("delete racing update never resurrects the event", { timeout: 60_000 }, async () => {
    for (let round = 0; round < 20; round++) {
      const id = `doomed-${round}`;
      await api.json("POST", "/events", newEvent({ eventId: id }));
      const [deleted, ...updates] = await Promise.all([
        api.json("DELETE", `/events/${id}`),
        ...Array.from({ length: 5 }, (_, i) => api.json("PUT", `/events/${id}`, { capacity: 10 + i })),
      ]);
      expect(deleted!.status).toBe(204);
      for (const update of updates) expect([200, 404]).toContain(update.status);
      const after = await api.json("GET", `/events/${id}`);
      expect(after.status).toBe(404);
      const listed = await api.json("GET", "/events?limit=1000");
      expect(listed.body.map((e: { eventId: string }) => e.eventId)).not.toContain(id);
    }
  });
});

describe("a store that goes away and comes back", { tags: ["embedded-store"] }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "events-recovery-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("503 with a JSON detail while it is down, /health 503; both recover by themselves", async () => {
    const first = await startStore({ dataDir });
    const port = Number(new URL(first.endpoint).port);
    const client = createDynamoClient({ endpoint: first.endpoint });
    await ensureTable(client, "Events");
    const { events, registrations, isReachable } = createServices({ client, tableName: "Events" });
    // /health reuses a check for HEALTH_CACHE_MS: this clock moves past that when the store is back.
    let clock = 0;
    const app = createApp({
      events,
      registrations,
      isStoreReachable: isReachable,
      health: { now: () => clock },
      log: jsonLogger("silent"),
    });
    const post = (id: string) =>
      app.request("/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(newEvent({ eventId: id })) });

    expect((await post("before-outage")).status).toBe(201);
    await first.close();

    const down = await app.request("/events/before-outage");
    expect(down.status).toBe(503);
    expect(typeof ((await down.json()) as { detail: unknown }).detail).toBe("string");
    expect((await app.request("/health")).status).toBe(503);
    expect((await post("during-outage")).status).toBe(503);

    const second = await startStore({ dataDir, port });
    try {
      clock += HEALTH_CACHE_MS;
      expect((await app.request("/health")).status).toBe(200);
      const back = await app.request("/events/before-outage");
      expect(back.status).toBe(200);
      expect((await post("after-outage")).status).toBe(201);
      expect((await app.request("/events/during-outage")).status).toBe(404);
    } finally {
      client.destroy();
      await second.close();
    }
  }, 30_000);
});

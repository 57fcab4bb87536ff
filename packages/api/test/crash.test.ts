/**
 * kill -9 in the middle of a write burst: every write the server
 * acknowledged is there after a restart on the same data folder, and an
 * event's counts still equal its registrations.
 * @module-tag embedded-store
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { allPages, dataFolder, startServer } from "./server-process.js";

const dataDir = dataFolder("events-crash-");

describe("crash safety", () => {
  it("keeps every acknowledged write through a kill -9 during a 16-writer burst", async () => {
    const server = await startServer(dataDir);
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;

    const writer = async () => {
      while (!killed) {
        const id = `burst-${next++}`;
        try {
          const response = await fetch(`${server.baseUrl}/events`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(newEvent({ eventId: id })),
          });
          if (response.status === 201) acknowledged.push(id);
          else if (!killed) throw new Error(`unexpected ${response.status}`);
        } catch (error) {
          if (!killed) throw error;
        }
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          server.child.kill("SIGKILL"); // writes are still in flight
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    await server.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const restarted = await startServer(dataDir);
    try {
      const events = await allPages<{ eventId: string }>(restarted.baseUrl, "/events?limit=1000");
      const stored = new Set(events.map((event) => event.eventId));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 60_000);

  it("keeps registrations whole through a kill -9 during a burst of registrations and cancellations", async () => {
    const server = await startServer(dataDir);
    const eventId = "crash-drop";
    const created = await fetch(`${server.baseUrl}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(newEvent({ eventId, capacity: 15, status: "published", waitlistEnabled: true })),
    });
    expect(created.status).toBe(201);

    const registered = new Set<string>(); // acknowledged 201, no cancellation sent since
    const cancelling = new Set<string>(); // cancellation sent, not acknowledged: either outcome is right
    const cancelled = new Set<string>(); // acknowledged 204
    let acknowledged = 0;
    let next = 0;
    let killed = false;
    const register = async (userId: string) => {
      const response = await fetch(`${server.baseUrl}/events/${eventId}/registrations`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ userId }),
      });
      if (response.status !== 201) throw new Error(`register: unexpected ${response.status}`);
      registered.add(userId);
    };
    const cancel = async (userId: string) => {
      registered.delete(userId);
      cancelling.add(userId);
      const response = await fetch(`${server.baseUrl}/events/${eventId}/registrations/${userId}`, { method: "DELETE" });
      if (response.status !== 204) throw new Error(`cancel: unexpected ${response.status}`);
      cancelling.delete(userId);
      cancelled.add(userId);
    };
    const worker = async (n: number) => {
      while (!killed) {
        // Every third call cancels someone registered or waiting (promoting the first in line), the rest register.
        const leaving = n % 3 === 0 ? [...registered][next % Math.max(1, registered.size)] : undefined;
        try {
          if (leaving) await cancel(leaving);
          else await register(`person-${next++}`);
          acknowledged++;
        } catch (error) {
          if (!killed) throw error;
        }
        if (acknowledged >= 150 && !killed) {
          killed = true;
          server.child.kill("SIGKILL"); // changes of places are still in flight
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, n) => worker(n)));
    await server.exited;
    expect(acknowledged).toBeGreaterThanOrEqual(150);
    expect(cancelled.size).toBeGreaterThan(0);

    const restarted = await startServer(dataDir);
    try {
      const event = (await (await fetch(`${restarted.baseUrl}/events/${eventId}`)).json()) as {
        capacity: number;
        registeredCount: number;
        waitlistCount: number;
      };
      const listed = await allPages<{ userId: string; status: string; position?: number }>(
        restarted.baseUrl,
        `/events/${eventId}/registrations?limit=7`,
      );
      const holding = listed.filter((r) => r.status === "registered");
      const waiting = listed.filter((r) => r.status === "waitlisted");
      // The counts equal the items, within capacity, the line full-first and numbered 1..n, nobody twice.
      expect([event.registeredCount, event.waitlistCount]).toEqual([holding.length, waiting.length]);
      expect(holding.length).toBeLessThanOrEqual(event.capacity);
      if (waiting.length > 0) expect(holding.length).toBe(event.capacity);
      expect(waiting.map((r) => r.position)).toEqual(waiting.map((_, i) => i + 1));
      expect(new Set(listed.map((r) => r.userId)).size).toBe(listed.length);
      // No acknowledged registration is lost, and no acknowledged cancellation is undone.
      const present = new Set(listed.map((r) => r.userId));
      expect([...registered].filter((userId) => !present.has(userId))).toEqual([]);
      expect([...cancelled].filter((userId) => present.has(userId))).toEqual([]);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 120_000);
});

/**
 * kill -9 of the local server between commit and delivery loses no message:
 * during a burst of creates and registrations the receiver holds every request
 * unanswered (so nothing is delivered before the kill), the server is killed
 * right after some acknowledged responses, and after a restart on the same data
 * folder every committed change's message arrives, each `webhook-id` naming one
 * change (repeats of one id allowed: at least once), and nothing arrives for a
 * change that did not commit.
 * @module-tag embedded-store
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { allPages, dataFolder, startServer } from "./server-process.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { keyOf } from "./webhooks-delivery-helpers.js";

const dataDir = dataFolder("events-webhook-crash-");
/** Dispatching every 100 ms, retrying soon. */
const DISPATCHING = { WEBHOOK_RETRY_SCHEDULE: "200ms,400ms,1s,2s,5s", WEBHOOK_DISPATCH_INTERVAL: "100ms" };

const post = (baseUrl: string, path: string, body: unknown) =>
  fetch(`${baseUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

const receiver = await startFileReceiver();

describe("webhooks through a kill -9", () => {
  it("every committed change's message arrives after a restart, under one webhook-id each, and none for what did not commit", async () => {
    receiver.program("/crash", { held: true });
    const server = await startServer(dataDir, DISPATCHING);
    const subscribed = await post(server.baseUrl, "/webhooks", { url: receiver.url("/crash") });
    expect(subscribed.status).toBe(201);
    const { webhookId, secret } = (await subscribed.json()) as { webhookId: string; secret: string };
    receiver.program("/crash", { secrets: [secret] });
    const drop = "crash-drop";
    expect((await post(server.baseUrl, "/events", newEvent({ eventId: drop, capacity: 20, waitlistEnabled: true }))).status).toBe(201);
    // Its message is in flight (claimed, held unanswered) when the burst starts: the kill finds attempts under way,
    // deliveries waiting and messages not yet fanned out.
    await receiver.waitFor((messages) => messages.length > 0);

    // A burst of creates and registrations, 8 at a time; the kill comes right after the 40th acknowledgement.
    const attempted = new Set<string>([`event.created ${drop}`]);
    const acknowledged = new Set<string>([`event.created ${drop}`]);
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const n = next++;
        const [key, send] =
          n % 2 === 0
            ? [`event.created burst-${n}`, () => post(server.baseUrl, "/events", newEvent({ eventId: `burst-${n}` }))]
            : [`registration.created ${drop} person-${n}`, () => post(server.baseUrl, `/events/${drop}/registrations`, { userId: `person-${n}` })];
        attempted.add(key);
        try {
          const response = await send();
          if (response.status === 201) acknowledged.add(key);
          else if (!killed) throw new Error(`unexpected ${response.status} for ${key}`);
        } catch (error) {
          if (!killed) throw error;
        }
        if (acknowledged.size >= 40 && !killed) {
          killed = true;
          server.child.kill("SIGKILL"); // requests still in flight, messages committed and not delivered
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await server.exited;

    // Nothing was delivered before the kill: what reached the receiver was held, and the kill cut it off unanswered.
    expect(receiver.messages("/crash").filter((message) => message.answeredWith !== undefined)).toEqual([]);
    receiver.program("/crash", { held: false });

    const restarted = await startServer(dataDir, DISPATCHING);
    try {
      // What committed, as the store has it now: the acknowledged changes and perhaps some of those cut off.
      const events = await allPages<{ eventId: string }>(restarted.baseUrl, "/events?limit=1000");
      const registrations = await allPages<{ userId: string }>(restarted.baseUrl, `/events/${drop}/registrations?limit=1000`);
      const committed = new Set([
        ...events.map((event) => `event.created ${event.eventId}`),
        ...registrations.map((registration) => `registration.created ${drop} ${registration.userId}`),
      ]);
      expect([...acknowledged].filter((key) => !committed.has(key))).toEqual([]);
      expect([...committed].filter((key) => !attempted.has(key))).toEqual([]);

      const deliveredKeys = () => new Set(receiver.messages("/crash").filter((message) => message.answeredWith === 200).map(keyOf));
      // Attempts cut off by the kill are claimed; their claims run out (the 10 s time-out and a margin) before they are tried again.
      await expect
        .poll(() => [...committed].filter((key) => !deliveredKeys().has(key)), { timeout: 60_000, interval: 250 })
        .toEqual([]);

      // No message for a change that did not commit; one webhook-id per change, and one change per webhook-id.
      const received = receiver.messages("/crash");
      expect(received.map(keyOf).filter((key) => !committed.has(key))).toEqual([]);
      const idsByKey = new Map<string, Set<string>>();
      const bodiesById = new Map<string, Set<string>>();
      for (const message of received) {
        idsByKey.set(keyOf(message), (idsByKey.get(keyOf(message)) ?? new Set()).add(message.id));
        bodiesById.set(message.id, (bodiesById.get(message.id) ?? new Set()).add(message.body));
      }
      expect([...idsByKey].filter(([, ids]) => ids.size !== 1)).toEqual([]);
      expect([...bodiesById].filter(([, bodies]) => bodies.size !== 1)).toEqual([]);
      expect(idsByKey.size).toBe(committed.size);

      // The deliveries log agrees: one delivery per message, every one delivered.
      await expect
        .poll(async () => {
          const log = await allPages<{ messageId: string; status: string }>(restarted.baseUrl, `/webhooks/${webhookId}/deliveries?limit=100`);
          return { ids: log.map((delivery) => delivery.messageId).sort(), pending: log.filter((delivery) => delivery.status !== "delivered").length };
        }, { timeout: 30_000, interval: 250 })
        .toEqual({ ids: [...bodiesById.keys()].sort(), pending: 0 });
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 120_000);
});

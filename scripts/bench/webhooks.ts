/**
 * `pnpm bench` part h: what the webhooks cost the ticket drop, and how soon
 * their messages arrive. The same drop (ticket-drop.ts) runs against an API
 * whose table has no webhook endpoint and one whose table has one, alternating,
 * ROUNDS times each; the endpoint is a receiver in this process that verifies
 * every signature (as a real one must) and notes when each message arrived,
 * against the `timestamp` its change committed at (one clock: one machine).
 */
import { createServer, type Server } from "node:http";
import { Webhook } from "standardwebhooks";
import { benchEvent, DROP, quantile, ticketDrop, type DropResult } from "./ticket-drop.js";

interface Receiver {
  url: string;
  /** Delay from commit to receipt (ms) of each first arrival of a `registration.created`, by event. */
  latencies(eventId: string): number[];
  /** Signatures that did not verify. */
  refused: number;
  secret?: Webhook;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const seen = new Set<string>();
  const byEvent = new Map<string, number[]>();
  const receiver: Receiver = {
    url: "",
    refused: 0,
    latencies: (eventId) => byEvent.get(eventId) ?? [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const arrived = Date.now();
    try {
      const message = receiver.secret!.verify(Buffer.concat(chunks).toString("utf8"), request.headers as Record<string, string>) as {
        type: string;
        timestamp: string;
        data: { eventId: string };
      };
      const id = String(request.headers["webhook-id"]);
      if (message.type === "registration.created" && !seen.has(id)) {
        seen.add(id);
        const list = byEvent.get(message.data.eventId) ?? [];
        list.push(arrived - Date.parse(message.timestamp));
        byEvent.set(message.data.eventId, list);
      }
      response.writeHead(204).end();
    } catch {
      receiver.refused++;
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hooks`;
  return receiver;
}

/** Registrations made one at a time after the drops, for the delay without load. */
const QUIET = 100;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function webhookBench({ apiNone, apiOne, rounds }: { apiNone: string; apiOne: string; rounds: number }): Promise<boolean> {
  const receiver = await startReceiver();
  try {
    const created = await fetch(`${apiOne}/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, description: "pnpm bench" }),
    });
    const { secret } = (await created.json()) as { secret: string };
    receiver.secret = new Webhook(secret);

    const drops: Record<"none" | "one", DropResult[]> = { none: [], one: [] };
    const delivery: number[][] = [];
    let everyMessage = true;
    for (let round = 0; round < rounds; round++) {
      const order: ("none" | "one")[] = round % 2 === 0 ? ["none", "one"] : ["one", "none"];
      for (const side of order) {
        const drop = await ticketDrop(side === "one" ? apiOne : apiNone, `hooks-${side}-${round}-${Date.now()}`);
        drops[side].push(drop);
        if (side === "one") {
          // Every registration's message, then its commit-to-receipt delays.
          const deadline = Date.now() + 120_000;
          while (receiver.latencies(drop.eventId).length < DROP.attempts && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          const got = receiver.latencies(drop.eventId);
          if (got.length < DROP.attempts) everyMessage = false;
          delivery.push([...got].sort((a, b) => a - b));
        }
      }
    }

    console.log(`h. The ticket drop with one webhook endpoint vs none (${rounds} rounds each, alternating; medians)\n`);
    console.log("| endpoints | registrations/s | p50 (ms) | p99 (ms) | outcome right |");
    console.log("|---|---:|---:|---:|---|");
    for (const side of ["none", "one"] as const) {
      const runs = drops[side];
      console.log(
        `| ${side} | ${median(runs.map((d) => d.rate)).toFixed(0)} | ${median(runs.map((d) => quantile(d.latencies, 0.5))).toFixed(1)} | ` +
          `${median(runs.map((d) => quantile(d.latencies, 0.99))).toFixed(1)} | ${runs.every((d) => d.right)} |`,
      );
    }
    const rateNone = median(drops.none.map((d) => d.rate));
    const rateOne = median(drops.one.map((d) => d.rate));
    console.log(`\nthe outbox's cost: ${(100 * (1 - rateOne / rateNone)).toFixed(0)}% fewer registrations/s with one endpoint`);
    console.log("\n| round | messages received | commit → receipt p50 (ms) | p99 (ms) | max (ms) |");
    console.log("|---:|---:|---:|---:|---:|");
    delivery.forEach((sorted, i) =>
      console.log(`| ${i + 1} | ${sorted.length} | ${quantile(sorted, 0.5)} | ${quantile(sorted, 0.99)} | ${sorted.at(-1)} |`),
    );

    // The same delay without the drop's load: registrations one at a time.
    const quietEvent = `hooks-quiet-${Date.now()}`;
    await benchEvent(apiOne, quietEvent, { title: "Quiet", capacity: QUIET });
    for (let i = 0; i < QUIET; i++) {
      await fetch(`${apiOne}/events/${quietEvent}/registrations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: `quiet-${i}` }),
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const deadline = Date.now() + 30_000;
    while (receiver.latencies(quietEvent).length < QUIET && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const quiet = [...receiver.latencies(quietEvent)].sort((a, b) => a - b);
    if (quiet.length < QUIET) everyMessage = false;
    console.log(`| quiet (${QUIET} one at a time) | ${quiet.length} | ${quantile(quiet, 0.5)} | ${quantile(quiet, 0.99)} | ${quiet.at(-1)} |`);
    console.log(`signatures refused: ${receiver.refused}; every message arrived: ${everyMessage}\n`);
    return everyMessage && receiver.refused === 0 && [...drops.none, ...drops.one].every((d) => d.right);
  } finally {
    await receiver.close();
  }
}

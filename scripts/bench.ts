/**
 * `pnpm bench`: the API's figures against the floor, on this machine.
 *
 *  a. GET /events/{id} through the full REST stack vs a bare node:http server
 *     doing the same GetItem with the AWS SDK on the same store, and against
 *     node:http calling the core service alone (the core libraries' own floor);
 *     the same read through /trpc, single and batched. With each side's server
 *     CPU time per request (Linux).
 *  b. GET /events?status=cancelled returning 50 events, with 1,000 and with
 *     20,000 events in the table, and how many items the store read for it.
 *  c. Walking 20,000 events page by page through the Link header.
 *  d. Creates per second at concurrency 1 and 16.
 *  e. A ticket drop: 2,000 registration attempts, 64 at a time, for one event
 *     with 500 places and a waitlist; registrations/s, p50/p99, and the outcome
 *     checked from the lists (500 registered, 1,500 waitlisted in line order).
 *  f. A person's list and feed: GET /users/{userId}/registrations?limit=10 for
 *     a person with 20 and one with 2,000 registrations, and the user feed
 *     (/users/{userId}/calendar.ics) with 100 and 500 events, per event; with
 *     the index items and events a list page reads.
 *  g. What a person's access token costs: GET /events/{id} on an API secured by
 *     the development issuer, anonymous vs with a token (server CPU per request),
 *     and the verifier alone in this process (CPU per verification, keys cached).
 *  h. The ticket drop of e with one webhook endpoint subscribed vs none
 *     (the outbox's cost), and each message's delay from commit to receipt,
 *     p50/p99, at a receiver that verifies every signature.
 *
 * Every process is separate: the embedded store, each server, and this load
 * generator (autocannon). Comparisons alternate their sides, ROUNDS times,
 * and report medians (of each round's throughput, p50 and p99).
 *
 *   ROUNDS=3 DURATION=4 pnpm bench
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoClient, createServices, ensureTable, EVENT_STATUSES, SERVICE } from "@events/core";
import { generateEvents } from "./generate-events.js";
import { startProcess } from "./bench/processes.js";
import { DEV_AUDIENCE, startDevIssuer } from "@events/dev-issuer";
import { createTokenVerifier } from "@events/identity";
import { loadPeople, PEOPLE, PEOPLE_IDS, readsOfPage } from "./bench/people.js";
import { DROP, quantile, ticketDrop } from "./bench/ticket-drop.js";
import { webhookBench } from "./bench/webhooks.js";

const rounds = Number(process.env.ROUNDS ?? 3);
/** Which parts to run: BENCH=a,c runs only those. */
const parts = new Set((process.env.BENCH ?? "a,b,c,d,e,f,g,h").split(","));
const duration = Number(process.env.DURATION ?? 4);
const dataDir = mkdtempSync(join(tmpdir(), "events-bench-"));
const children: ChildProcess[] = [];
/** Which process serves which URL, to read its CPU time. */
const pidOf = new Map<string, number>();

/** Starts a process that prints its URL, and remembers it for the clean-up. */
async function start(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { child, url } = await startProcess(script, { args, env });
  children.push(child);
  pidOf.set(new URL(url).origin, child.pid!);
  return url;
}

// USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on every Linux build that matters here.
const CLOCK_TICKS = 100;

/**
 * A process's CPU time so far (user + system), in µs, from /proc (Linux);
 * undefined elsewhere. CPU per request is the steadier figure on a shared
 * machine: throughput also moves with what the store and load generator get.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const apiServer = (endpoint: string, table: string) =>
  start("packages/api/src/local-server.ts", [], { PORT: "0", AWS_ENDPOINT_URL_DYNAMODB: endpoint, DYNAMODB_TABLE_NAME: table });

interface Load {
  rps: number;
  /** The serving process's CPU time per request, in µs. */
  cpu?: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}
async function load(opts: autocannon.Options): Promise<Load> {
  const pid = pidOf.get(new URL(opts.url).origin);
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon({ connections: 16, duration, ...opts });
  const cpuAfter = cpuMicros(pid);
  return {
    rps: result.requests.average,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpu: (cpuAfter - cpuBefore) / result.requests.total } : {}),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
/** A random one of the 1,000 events generateEvents made with this id prefix. */
const randomEventId = (prefix: string) => () => `${prefix}-${String(Math.floor(Math.random() * 1000)).padStart(7, "0")}`;

/** GET /events/{id} with a random id each time, as the caller these headers make. */
const readsById = (url: string, id: () => string, headers: Record<string, string> = {}) =>
  load({ url, headers, requests: [{ setupRequest: (req) => ({ ...req, path: `/events/${id()}` }) }] });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs each side once per round, alternating the order, and takes medians. */
async function compare(sides: Record<string, () => Promise<Load>>) {
  const names = Object.keys(sides);
  const runs: Record<string, Load[]> = Object.fromEntries(names.map((n) => [n, []]));
  // Warm up every side first (JIT, lazy module loading, connection pools), untimed.
  for (const name of names) await sides[name]!();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) runs[name]!.push(await sides[name]!());
  }
  return Object.fromEntries(
    names.map((name) => {
      const r = runs[name]!;
      return [
        name,
        {
          rps: median(r.map((x) => x.rps)),
          cpu: r.every((x) => x.cpu !== undefined) ? median(r.map((x) => x.cpu!)) : undefined,
          p50: median(r.map((x) => x.p50)),
          p99: median(r.map((x) => x.p99)),
          failed: r.reduce((sum, x) => sum + x.non2xx + x.errors, 0),
        },
      ];
    }),
  );
}

/** Items a list read from the store vs returned: DynamoDB's own Count/ScannedCount and ConsumedCapacity. */
async function storeReads(client: DynamoDBClient, table: string) {
  const seen: { scanned: number; count: number; capacity: number; commands: string[] } = { scanned: 0, count: 0, capacity: 0, commands: [] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      seen.commands.push(context.commandName ?? "?");
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const o = out.output as { ScannedCount?: number; Count?: number; ConsumedCapacity?: { CapacityUnits?: number } };
      seen.scanned += o.ScannedCount ?? 0;
      seen.count += o.Count ?? 0;
      seen.capacity += o.ConsumedCapacity?.CapacityUnits ?? 0;
      return out;
    },
    { step: "initialize", name: "countReads" },
  );
  const page = await createServices({ client, tableName: table }).events.list({ status: "cancelled" }, SERVICE);
  client.middlewareStack.remove("countReads");
  return { returned: page.items.length, ...seen };
}

/** f: GET /users/{userId}/registrations?limit=10 and the user feed, each at two sizes, in the same run. */
async function personBench(client: DynamoDBClient, store: string) {
  const started = performance.now();
  await loadPeople(createServices({ client, tableName: "People" }));
  console.log(`f. loaded People: people with ${Object.values(PEOPLE).join(", ")} registrations (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  const api = await apiServer(store, "People");
  const lists = await compare({
    "20 registrations": () => load({ url: `${api}/users/${PEOPLE_IDS.few}/registrations?limit=10`, connections: 1 }),
    "2,000 registrations": () => load({ url: `${api}/users/${PEOPLE_IDS.many}/registrations?limit=10`, connections: 1 }),
  });
  const feeds = await compare({
    "100 events": () => load({ url: `${api}/users/${PEOPLE_IDS.feed100}/calendar.ics`, connections: 1 }),
    "500 events": () => load({ url: `${api}/users/${PEOPLE_IDS.feed500}/calendar.ics`, connections: 1 }),
  });
  const services = createServices({ client, tableName: "People" });
  console.log("f. GET /users/{userId}/registrations?limit=10, one connection\n");
  console.log("| person | req/s | p50 (ms) | p99 (ms) | index items read | events read | read units | failed |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, userId] of [["20 registrations", PEOPLE_IDS.few], ["2,000 registrations", PEOPLE_IDS.many]] as const) {
    const r = lists[name]!;
    const reads = await readsOfPage(client, () => services.registrations.listByUser(userId, { limit: 10 }, SERVICE));
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${reads.indexItems} | ${reads.events} | ${reads.capacity} | ${r.failed} |`);
  }
  const listRatio = lists["2,000 registrations"]!.p50 / Math.max(lists["20 registrations"]!.p50, 0.001);
  console.log(`latency ratio 2,000 / 20 (p50): ${listRatio.toFixed(2)} (target <= 1.2)\n`);
  console.log("f. GET /users/{userId}/calendar.ics, one connection\n");
  console.log("| feed | req/s | p50 (ms) | p99 (ms) | ms per event (p50) | failed |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const perEvent = { "100 events": feeds["100 events"]!.p50 / 100, "500 events": feeds["500 events"]!.p50 / 500 };
  for (const [name, r] of Object.entries(feeds)) {
    console.log(`| ${name} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${perEvent[name as keyof typeof perEvent].toFixed(3)} | ${r.failed} |`);
  }
  const feedRatio = perEvent["500 events"] / Math.max(perEvent["100 events"], 0.000001);
  console.log(`time per event ratio 500 / 100 (p50): ${feedRatio.toFixed(2)} (target <= 1.2)\n`);
}

try {
  console.log(`pnpm bench: Node ${process.version}, ${rounds} rounds x ${duration} s per side, 16 connections unless noted\n`);
  const store = await start("scripts/bench/store-process.ts", [dataDir]);
  const client = createDynamoClient({ endpoint: store });
  for (const table of ["Reads", "Small", "Large", "Writes", "People"]) await ensureTable(client, table);
  const others = EVENT_STATUSES.filter((s) => s !== "cancelled");
  await createServices({ client, tableName: "Reads" }).bulkLoad(generateEvents(1000, { idPrefix: "read" }));
  for (const [table, total] of [["Small", 1000], ["Large", 20000]] as const) {
    const { bulkLoad } = createServices({ client, tableName: table });
    await bulkLoad(generateEvents(50, { seed: 1, idPrefix: "cancelled", statuses: ["cancelled"] }));
    await bulkLoad(generateEvents(total - 50, { seed: 2, idPrefix: "other", statuses: others }));
  }
  console.log("loaded: Reads 1,000 events; Small 1,000 (50 cancelled); Large 20,000 (50 cancelled)\n");

  const [apiReads, raw, coreOnly, apiSmall, apiLarge, apiWrites] = await Promise.all([
    apiServer(store, "Reads"),
    start("scripts/bench/raw-server.ts", [], { AWS_ENDPOINT_URL_DYNAMODB: store, DYNAMODB_TABLE_NAME: "Reads" }),
    start("scripts/bench/core-server.ts", [], { AWS_ENDPOINT_URL_DYNAMODB: store, DYNAMODB_TABLE_NAME: "Reads" }),
    apiServer(store, "Small"),
    apiServer(store, "Large"),
    apiServer(store, "Writes"),
  ]);

  // a. Reads: our stack against the floor.
  if (parts.has("a")) {
  const id = randomEventId("read");
  const byId = (base: string) => () => readsById(base, id);
  const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));
  const reads = await compare({
    "REST GET /events/{id}": byId(apiReads),
    "raw node:http + GetItem": byId(raw),
    "node:http + core service get (no app)": byId(coreOnly),
    "tRPC events.get": () =>
      load({ url: apiReads, requests: [{ setupRequest: (req) => ({ ...req, path: `/trpc/events.get?input=${trpcInput({ eventId: id() })}` }) }] }),
    "tRPC batch of 2 events.get": () =>
      load({
        url: apiReads,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              path: `/trpc/events.get,events.get?batch=1&input=${trpcInput({ 0: { eventId: id() }, 1: { eventId: id() } })}`,
            }),
          },
        ],
      }),
  });
  const floor = reads["raw node:http + GetItem"]!;
  console.log("a. Reads by id (1,000 events; random ids)\n");
  console.log("| side | req/s | p50 (ms) | p99 (ms) | vs raw: throughput | vs raw: p99 | server CPU per request (µs) | failed |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, r] of Object.entries(reads)) {
    const cpu = r.cpu === undefined ? "n/a" : r.cpu.toFixed(0);
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / floor.rps).toFixed(2)}x | ${(r.p99 / floor.p99).toFixed(2)}x | ${cpu} | ${r.failed} |`);
  }
  console.log("targets: REST throughput >= 0.85x raw, p99 <= 1.3x raw (a batch of 2 reads counts as one request)\n");
  }

  // b. Lists at scale: the same 50 results from a small and a large table.
  if (parts.has("b")) {
  const lists = await compare({
    "1,000 events": () => load({ url: `${apiSmall}/events?status=cancelled`, connections: 1 }),
    "20,000 events": () => load({ url: `${apiLarge}/events?status=cancelled`, connections: 1 }),
  });
  const small = await storeReads(client, "Small");
  const large = await storeReads(client, "Large");
  console.log("b. GET /events?status=cancelled (50 results), one connection\n");
  console.log("| table | req/s | p50 (ms) | p99 (ms) | returned | store Count | ScannedCount | read units | commands | failed |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
  for (const [[name, r], reads] of [
    [Object.entries(lists)[0]!, small],
    [Object.entries(lists)[1]!, large],
  ] as const) {
    console.log(
      `| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${reads.returned} | ${reads.count} | ${reads.scanned} | ${reads.capacity} | ${[...new Set(reads.commands)].join(", ")} | ${r.failed} |`,
    );
  }
  const ratio = lists["20,000 events"]!.p50 / Math.max(lists["1,000 events"]!.p50, 0.001);
  console.log(`latency ratio 20,000 / 1,000 (p50): ${ratio.toFixed(2)} (target <= 1.5); items read = items returned: ${large.scanned === large.returned}\n`);
  }

  // c. Paging through all 20,000 events by following Link.
  if (parts.has("c")) {
  console.log("c. Walking every event of Large through Link, one request at a time\n");
  console.log("| page size | pages | events | distinct | seconds | events/s |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const limit of [100, 1000]) {
    const started = performance.now();
    const ids: string[] = [];
    let pages = 0;
    let url: string | undefined = `${apiLarge}/events?limit=${limit}`;
    while (url) {
      const response: Response = await fetch(url);
      const page = (await response.json()) as { eventId: string }[];
      ids.push(...page.map((e) => e.eventId));
      pages++;
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
      url = next ? new URL(next, apiLarge).href : undefined;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`| ${limit} | ${pages} | ${ids.length} | ${new Set(ids).size} | ${seconds.toFixed(2)} | ${(ids.length / seconds).toFixed(0)} |`);
  }
  console.log("");
  }

  // d. Writes.
  if (parts.has("d")) {
  let serial = 0;
  const creates = (connections: number) =>
    load({
      url: `${apiWrites}/events`,
      connections,
      method: "POST",
      headers: { "content-type": "application/json" },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              eventId: `write-${connections}-${serial++}`,
              title: "Benchmark write",
              description: "Created by pnpm bench",
              date: "2026-06-01T09:00:00Z",
              location: "Loopback",
              capacity: 100,
              organizer: "Bench",
              status: "published",
            }),
          }),
        },
      ],
    });
  const writes = await compare({ "concurrency 1": () => creates(1), "concurrency 16": () => creates(16) });
  console.log("d. POST /events (creates)\n");
  console.log("| side | creates/s | p50 (ms) | p99 (ms) | failed |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [name, r] of Object.entries(writes)) console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
  }
  // e. A ticket drop.
  if (parts.has("e")) {
    const drop = await ticketDrop(apiWrites, `drop-${Date.now()}`);
    console.log("e. Ticket drop: 2,000 POST /events/{id}/registrations, 64 at a time, 500 places and a waitlist\n");
    console.log("| attempts | seconds | registrations/s | p50 (ms) | p99 (ms) | 201 | other | registered | waitlisted | counts = items | line order 1..n |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    console.log(
      `| ${DROP.attempts} | ${drop.seconds.toFixed(2)} | ${drop.rate.toFixed(0)} | ${quantile(drop.latencies, 0.5).toFixed(1)} | ` +
        `${quantile(drop.latencies, 0.99).toFixed(1)} | ${drop.created} | ${DROP.attempts - drop.created} | ` +
        `${drop.registered} | ${drop.waitlisted} | ${drop.countsMatch} | ${drop.inLineOrder} |`,
    );
    if (drop.others.size > 0) console.log(`other answers: ${[...drop.others].map(([status, n]) => `${n} × ${status}`).join(", ")}`);
    console.log(`outcome: ${drop.right ? "exactly 500 registered, 1,500 waitlisted in line order" : "WRONG"}\n`);
    if (!drop.right) process.exitCode = 1;
  }
  // h. The ticket drop with a webhook endpoint: tables of their own, so that the other side has none.
  if (parts.has("h")) {
    for (const table of ["HooksNone", "HooksOne"]) await ensureTable(client, table);
    const [apiNone, apiOne] = await Promise.all([apiServer(store, "HooksNone"), apiServer(store, "HooksOne")]);
    if (!(await webhookBench({ apiNone, apiOne, rounds }))) process.exitCode = 1;
  }
  // f. A person's list and feed at two sizes.
  if (parts.has("f")) await personBench(client, store);

  // g. Verifying a person's access token.
  if (parts.has("g")) {
    const issuer = await startDevIssuer({ audience: DEV_AUDIENCE });
    try {
      await ensureTable(client, "Secured");
      await createServices({ client, tableName: "Secured" }).bulkLoad(generateEvents(1000, { idPrefix: "open", statuses: ["published"] }));
      const secured = await start("packages/api/src/local-server.ts", [], {
        PORT: "0", AWS_ENDPOINT_URL_DYNAMODB: store, DYNAMODB_TABLE_NAME: "Secured",
        AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: DEV_AUDIENCE,
      });
      const token = await issuer.token("bench-person");
      const byId = (headers: Record<string, string>) => () => readsById(secured, randomEventId("open"), headers);
      const reads = await compare({ anonymous: byId({}), "with a person's token": byId({ authorization: `Bearer ${token}` }) });
      console.log("g. GET /events/{id} on an API secured by the development issuer (1,000 published events)\n");
      console.log("| caller | req/s | p50 (ms) | p99 (ms) | server CPU per request (µs) | failed |");
      console.log("|---|---:|---:|---:|---:|---:|");
      for (const [name, r] of Object.entries(reads)) {
        console.log(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.cpu === undefined ? "n/a" : r.cpu.toFixed(0)} | ${r.failed} |`);
      }
      const [anonymous, person] = [reads["anonymous"]!, reads["with a person's token"]!];
      if (anonymous.cpu !== undefined && person.cpu !== undefined) {
        console.log(`a token adds ${(person.cpu - anonymous.cpu).toFixed(0)} µs of server CPU per request`);
      }
      // The verifier alone, in this process, keys cached: a token seen before, and one never seen (the signature checked).
      const verifications = 5000;
      for (const [name, cacheSize] of [["a token seen before", undefined], ["every token new (no remembered tokens)", 0]] as const) {
        const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: DEV_AUDIENCE, verifiedTokenCacheSize: cacheSize });
        for (let i = 0; i < 500; i++) await verifier.verify(token); // fetches and caches the key set, warms the JIT
        const before = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < verifications; i++) {
          const outcome = await verifier.verify(token);
          if (outcome.kind !== "person") throw new Error(`bench: the token was refused: ${outcome.kind}`);
        }
        const cpu = process.cpuUsage(before);
        const wall = performance.now() - started;
        console.log(
          `the verifier alone (RS256, key set cached), ${name}: ` +
            `${((cpu.user + cpu.system) / verifications).toFixed(1)} µs CPU, ${((wall * 1000) / verifications).toFixed(1)} µs wall per verification`,
        );
      }
      console.log("target: tens of µs of CPU per request with a token\n");
    } finally {
      await issuer.close();
    }
  }
  client.destroy();
} finally {
  // Last started first, each waited for: the API servers stop (their dispatchers' last passes) before their store.
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}

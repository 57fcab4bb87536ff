/**
 * `pnpm bench:cold`: Lambda bundle size and cold start (a fresh Node process:
 * import the bundle + answer GET /events/{eventId}) of the Events API bundle
 * against a minimal raw handler doing the same GetItem; and, to show where
 * the time goes, the raw handler plus zod, the same read through a minimal
 * ElectroDB entity, and a handler calling the core service alone (the core
 * libraries' own floor); and the API answering a person's token, its first
 * request also finding the issuer's keys (discovery + key set, from the
 * development issuer here). All bundled the same way, alternating, on the
 * embedded store. Prints medians and p90s.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, statSync } from "node:fs";
import type { Metafile } from "esbuild";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { LAMBDA_BUILD_OPTIONS, loadedAtStart, splitOutput } from "./lambda-build-options.js";
import { startEmbeddedStore } from "@events/local-store";
import { createDynamoClient, createServices, ensureTable, SAMPLE_EVENT, SERVICE } from "@events/core";
import { DEV_AUDIENCE, startDevIssuer } from "@events/dev-issuer";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.env.RUNS ?? 15);
/** The Node binary that runs the cold starts (NODE_BIN=.../node for the Lambda runtime's major). */
const nodeBin = process.env.NODE_BIN ?? process.execPath;

if (!process.env.SKIP_BUILD) {
  execFileSync(process.execPath, ["--import", "tsx", join(root, "scripts/build-lambda.ts")], { cwd: root, stdio: "inherit" });
}
/** The KiB a cold start of each bundle loads: its entry and the chunks that imports statically. */
const startKib = new Map<string, string>();
function recordStartSize(metafile: Metafile, entry: string, base = root) {
  const bytes = [...loadedAtStart(metafile, entry)].reduce((sum, file) => sum + statSync(join(base, file)).size, 0);
  startKib.set(join(base, entry), (bytes / 1024).toFixed(1));
}
/** A checkout's `pnpm build` output: its metafile's sizes recorded, its bundle's path returned. */
function builtBundle(base: string): string {
  recordStartSize(JSON.parse(readFileSync(join(base, "dist/lambda-metafile.json"), "utf8")) as Metafile, "dist/lambda/index.mjs", base);
  return join(base, "dist/lambda/index.mjs");
}

/** Bundles a floor handler the way the function is bundled (split, so its SDK's import()s are chunks too). */
async function bundleFloor(name: string): Promise<string> {
  const outdir = `dist/bench/${name}`;
  const { metafile } = await build({
    ...LAMBDA_BUILD_OPTIONS,
    ...splitOutput(join(root, outdir)),
    absWorkingDir: root,
    entryPoints: [join(root, `scripts/bench/${name}.ts`)],
    metafile: true,
  });
  recordStartSize(metafile, `${outdir}/index.mjs`);
  return join(root, outdir, "index.mjs");
}

const store = await startEmbeddedStore();
const client = createDynamoClient({ endpoint: store.endpoint });
await ensureTable(client, "Events");
// Published: secured (as deployed), a draft is hidden from the anonymous read measured here (a 404).
await createServices({ client, tableName: "Events" }).events.create({ eventId: "cold-1", ...SAMPLE_EVENT, status: "published" }, SERVICE);

const event = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/events/cold-1",
  rawQueryString: "",
  headers: { host: "api.example.com", accept: "application/json", "user-agent": "bench" },
  requestContext: {
    accountId: "123456789012",
    apiId: "bench",
    domainName: "api.example.com",
    domainPrefix: "api",
    http: { method: "GET", path: "/events/cold-1", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
    requestId: "bench",
    routeKey: "$default",
    stage: "$default",
    time: new Date().toISOString(),
    timeEpoch: Date.now(),
  },
  isBase64Encoded: false,
};

const env: NodeJS.ProcessEnv = {
  ...process.env,
  // Deployed, the API refuses to start with neither an issuer nor a key; reads need neither.
  API_KEY: "bench-cold-start-service-key-0123456789",
  // Deployed, it refuses to start without the webhook secrets' key (used only when a secret is made or read).
  WEBHOOK_KMS_KEY_ID: "1234abcd-12ab-34cd-56ef-1234567890ab",
  NODE_ENV: "production",
  AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
  DYNAMODB_TABLE_NAME: "Events",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

// The same read by a signed-in person: the issuer runs in this process, as the store does.
const issuer = await startDevIssuer({ audience: DEV_AUDIENCE });
const token = await issuer.token("cold-person");
const withToken = {
  env: { ...env, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: DEV_AUDIENCE },
  event: { ...event, headers: { ...event.headers, authorization: `Bearer ${token}` } },
};

interface Run { importMs: number; firstRequestMs: number; totalMs: number; status: number }
// Asynchronous: the embedded store answering the child runs in this process.
const execFileAsync = promisify(execFile);
async function coldStart(bundle: string, request: { env: NodeJS.ProcessEnv; event: object } = { env, event }): Promise<Run> {
  const { stdout } = await execFileAsync(nodeBin, [join(root, "scripts/bench/cold-child.mjs"), bundle, JSON.stringify(request.event)], {
    env: request.env,
  });
  // The handler's own log line comes first; the measurement is the last line.
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Run;
  if (result.status !== 200) throw new Error(`${bundle} answered ${result.status}`);
  return result;
}

/** COMPARE_WITH=<another checkout>: its `pnpm build` output runs too, interleaved, to compare two commits. */
const compareRoot = process.env.COMPARE_WITH ? resolve(process.env.COMPARE_WITH) : undefined;
const api = builtBundle(root);
const sides = {
  "Events API": api,
  "Events API, a person's token (finding the issuer's keys)": api,
  ...(compareRoot ? { [`Events API at ${compareRoot}`]: builtBundle(compareRoot) } : {}),
  "raw handler": await bundleFloor("raw-handler"),
  "raw handler + zod (one parse)": await bundleFloor("zod-handler"),
  "ElectroDB entity get (no zod, no app)": await bundleFloor("electrodb-handler"),
  "core service only (no app)": await bundleFloor("core-handler"),
};
type Side = keyof typeof sides;
const names = Object.keys(sides) as Side[];
const results = Object.fromEntries(names.map((side) => [side, [] as Run[]])) as Record<Side, Run[]>;
const requestOf = (side: Side) => (side === "Events API, a person's token (finding the issuer's keys)" ? withToken : { env, event });
for (const side of names) await coldStart(sides[side], requestOf(side)); // warm the OS file cache, untimed
for (let i = 0; i < runs; i++) {
  // Alternate the order so no side always runs first.
  for (const side of i % 2 === 0 ? names : [...names].reverse()) results[side].push(await coldStart(sides[side], requestOf(side)));
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const kib = (file: string) => startKib.get(file)!;
const p50 = (side: Side) => pct(results[side].map((x) => x.totalMs), 50);

console.log(`\nCold start, ${runs} runs each, alternating (Node ${execFileSync(nodeBin, ["--version"], { encoding: "utf8" }).trim()}, ${process.platform}/${process.arch})\n`);
console.log("| handler | loaded at cold start (KiB) | import p50 (ms) | import + first request p50 (ms) | p90 (ms) |");
console.log("|---|---:|---:|---:|---:|");
for (const side of names) {
  const r = results[side];
  console.log(
    `| ${side} | ${kib(sides[side])} | ${pct(r.map((x) => x.importMs), 50).toFixed(1)} | ${p50(side).toFixed(1)} | ${pct(r.map((x) => x.totalMs), 90).toFixed(1)} |`,
  );
}
const vsRaw = (side: Side) => (p50(side) / p50("raw handler")).toFixed(2);
const added = (side: Side) => (p50(side) - p50("raw handler")).toFixed(1);
console.log(`\nEvents API / raw handler (p50 import + first request): ${vsRaw("Events API")}x (target <= 1.5x); bundle target <= 1024 KiB`);
console.log(`a person's token adds ${(p50("Events API, a person's token (finding the issuer's keys)") - p50("Events API")).toFixed(1)} ms to a cold start (p50), discovery and the key set included`);
console.log(`core service only / raw handler: ${vsRaw("core service only (no app)")}x (the floor the core's libraries set)`);
console.log(`added to the raw handler (p50): zod ${added("raw handler + zod (one parse)")} ms, ElectroDB ${added("ElectroDB entity get (no zod, no app)")} ms, the core service ${added("core service only (no app)")} ms, the whole API ${added("Events API")} ms`);

client.destroy();
await issuer.close();
await store.close();

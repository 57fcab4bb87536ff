/**
 * `pnpm seed <count>`: bulk-loads generated events (batch writes, with a
 * progress bar) into the store `pnpm start` uses: the embedded store's data
 * folder (EVENTS_DATA_DIR, default .data/; stop the server first, the folder
 * is single-process) or AWS_ENDPOINT_URL_DYNAMODB / DynamoDB itself with
 * DYNAMODB_TABLE_NAME. Events with the same generated ids are overwritten.
 *
 *   pnpm seed 5000                  # then: pnpm start
 *   SEED=7 ID_PREFIX=demo pnpm seed 200
 */
import { SingleBar, Presets } from "cli-progress";
import { openStore, readConfig } from "@events/api";
import { generateEvents } from "./generate-events.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const count = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(count) || count < 1) {
  console.error("usage: pnpm seed <count>   (a positive whole number of events)");
  process.exit(2);
}

const config = readConfig();
const store = await openStore(config).catch((error: unknown) => {
  const hint = config.dynamoEndpoint ? "" : ` Is \`pnpm start\` running on ${config.dataDir}? Stop it first.`;
  console.error(`Cannot open the store: ${String(error)}.${hint}`);
  process.exit(1);
});

const bar = new SingleBar({ format: "seeding {bar} {value}/{total} events | {eta_formatted} left | {rate} events/s", hideCursor: true }, Presets.shades_classic);
const started = performance.now();
bar.start(count, 0, { rate: 0 });
const written = await store.bulkLoad(generateEvents(count, { seed: Number(process.env.SEED ?? 42), idPrefix: process.env.ID_PREFIX ?? "evt" }), {
  onProgress: (n) => bar.update(n, { rate: Math.round(n / ((performance.now() - started) / 1000)) }),
});
bar.stop();
const seconds = (performance.now() - started) / 1000;
console.log(`${written} events in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} events/s) into the ${store.description}`);
await store.close();

/**
 * `pnpm start`: the API on http://localhost:8000 over the embedded store (or
 * the endpoint in AWS_ENDPOINT_URL_DYNAMODB), with the webhook dispatcher
 * running beside it. Stops cleanly on SIGINT/SIGTERM.
 */
import type { AddressInfo } from "node:net";
import { createApp } from "./http/app.js";
import { createNodeServer } from "./http/node-server.js";
import { jsonLogger } from "./protocol/logger.js";
import { describeMode, readConfig } from "./runtime/config.js";
import { openStore } from "./runtime/store.js";
import packageJson from "../package.json" with { type: "json" };

async function main() {
  const config = readConfig();
  const log = jsonLogger(config.logLevel);
  const store = await openStore(config, log);
  const app = createApp({
    events: store.events,
    registrations: store.registrations,
    calendarTokens: store.calendarTokens,
    webhooks: store.webhooks,
    isStoreReachable: store.isReachable,
    corsOrigins: config.corsOrigins,
    version: packageJson.version,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.auth ? { auth: config.auth } : {}),
    log,
  });

  const server = createNodeServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === "127.0.0.1" || config.host === "0.0.0.0" ? "localhost" : config.host;
  console.log(`Events API on http://${host}:${port} (${store.description}; ${describeMode(config)}; docs at /docs)`);
  // Work a crash or an outage cut short (a delete's cascade, a re-key after a change of date): finished now,
  // while the server already answers.
  store.finishDeletions().then(
    (count) => count > 0 && console.log(`finished the cascades of ${count} deletes cut short`),
    (error: unknown) => console.error(`finishing cut-short deletes failed (the next start retries): ${String(error)}`),
  );
  store.finishRekeys().then(
    (count) => count > 0 && console.log(`finished ${count} re-keys of registrations after a change of date`),
    (error: unknown) => console.error(`finishing re-keys failed (the next start retries): ${String(error)}`),
  );

  // Webhook messages: fanned out and sent by this process (deployed, the table's stream and a schedule do it).
  const dispatching = store.dispatcher.start(config.webhooks.dispatchIntervalMs);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    server.closeIdleConnections();
    // Attempts in flight finish before the store closes under them; one cut short by the
    // deadline below is claimed again and retried after the next start.
    dispatching
      .stop()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
    setTimeout(() => process.exit(1), 5_000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Events API failed to start: ${message}`);
  process.exit(1);
});

/**
 * The AWS Lambda entry: the same HTTP app as `pnpm start`, behind API Gateway
 * (REST API v1 and HTTP API v2 events) through Hono's Lambda adapter.
 * Everything here runs once per container and is reused by every invocation.
 */
// Hono marks this adapter deprecated for @hono/aws-lambda, which is not on npm yet (README, Node.js versions).
import { defaultIsContentTypeBinary, handle } from "hono/aws-lambda";
import { createDynamoClient, createServices } from "@events/core";
import { createApp } from "./http/app.js";
import { jsonLogger } from "./protocol/logger.js";
import { describeMode, readConfig, type Config } from "./runtime/config.js";
import { withStagePrefix } from "./runtime/lambda-stage.js";
import { webhooksOptions } from "./runtime/webhooks.js";

const config = readDeployedConfig();
const { tableName } = config;
const client = createDynamoClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});
// The API manages endpoints and queues retries asked for; the delivery functions (deliver.ts, webhook-sweep.ts, webhook-attempt.ts) send.
const { events, registrations, calendarTokens, webhooks, isReachable } = createServices({
  client,
  tableName,
  webhooks: await webhooksOptions(config.webhooks, { deployed: true }),
});

const log = jsonLogger(config.logLevel);
log({ level: "info", msg: "start", mode: config.mode, detail: describeMode(config) });

const handleEvent = handle(
  createApp({
    events,
    registrations,
    calendarTokens,
    webhooks,
    isStoreReachable: isReachable,
    corsOrigins: config.corsOrigins,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.auth ? { auth: config.auth } : {}),
    log,
  }),
  // Hono base64-encodes every text type it does not list (text/calendar among them); all text/* is text.
  { isContentTypeBinary: (type) => !/^text\//i.test(type) && defaultIsContentTypeBinary(type) },
);

export const handler: typeof handleEvent = (event, context) => handleEvent(withStagePrefix(event), context);

/** The configuration, or a log line saying why this function refuses to start (then the init fails). */
function readDeployedConfig(): Config {
  try {
    return readConfig(process.env, { deployed: true });
  } catch (error) {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "refusing to start", detail: (error as Error).message }));
    throw error;
  }
}

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
import { readConfig } from "./runtime/config.js";
import { withStagePrefix } from "./runtime/lambda-stage.js";

const config = readConfig(process.env, { deployed: true });
const { tableName } = config;
const client = createDynamoClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});
const { events, registrations, isReachable } = createServices({ client, tableName });

const handleEvent = handle(
  createApp({
    events,
    registrations,
    isStoreReachable: isReachable,
    corsOrigins: config.corsOrigins,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    log: jsonLogger(config.logLevel),
  }),
  // Hono base64-encodes every text type it does not list (text/calendar among them); all text/* is text.
  { isContentTypeBinary: (type) => !/^text\//i.test(type) && defaultIsContentTypeBinary(type) },
);

export const handler: typeof handleEvent = (event, context) => handleEvent(withStagePrefix(event), context);

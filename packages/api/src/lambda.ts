/**
 * The AWS Lambda entry: the same HTTP app as `pnpm start`, behind API Gateway
 * (REST API v1 and HTTP API v2 events) through Hono's Lambda adapter.
 * Everything here runs once per container and is reused by every invocation.
 */
import { handle } from "hono/aws-lambda";
import { createDynamoClient, createEventService, isTableReachable } from "@events/core";
import { createApp } from "./http/app.js";
import { readConfig } from "./config.js";
import { resolveTableName } from "./runtime/table-name.js";
import { resolveApiKey } from "./runtime/api-key.js";
import { withStagePrefix } from "./runtime/lambda-stage.js";
import { jsonLogger } from "./http/access-log.js";

const config = readConfig();
const tableName = resolveTableName();
const apiKey = resolveApiKey();
const client = createDynamoClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});

const handleEvent = handle(
  createApp({
    events: createEventService({ client, tableName }),
    isStoreReachable: () => isTableReachable(client, tableName),
    corsOrigins: config.corsOrigins,
    ...(apiKey ? { apiKey } : {}),
    log: jsonLogger(config.logLevel),
  }),
);

export const handler: typeof handleEvent = (event, context) => handleEvent(withStagePrefix(event), context);

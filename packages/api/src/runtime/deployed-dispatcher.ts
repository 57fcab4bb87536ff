/**
 * The dispatcher of the deployed delivery functions (deliver.ts, webhook-sweep.ts):
 * the table and the KMS key are all they read, as they serve no caller.
 */
import { createDynamoClient, createServices, type Dispatcher } from "@events/core";
import { readWebhookConfig, resolveTableName } from "./config.js";
import { webhooksOptions } from "./webhooks.js";
import { jsonLogger, LOG_LEVELS, type LogLevel } from "../protocol/logger.js";

export async function deployedDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher> {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const client = createDynamoClient(endpoint ? { endpoint } : {});
  const webhooks = await webhooksOptions(readWebhookConfig(env, { deployed: true }), { deployed: true }, jsonLogger(logLevel(env.LOG_LEVEL)));
  const { dispatcher } = createServices({ client, tableName: resolveTableName(env), webhooks });
  if (!dispatcher) throw new Error("createServices made no dispatcher from webhook options");
  return dispatcher;
}

/** LOG_LEVEL as the API reads it; anything else is the default (the API function refuses it at start). */
const logLevel = (value: string | undefined): LogLevel => (LOG_LEVELS.includes(value as LogLevel) ? (value as LogLevel) : "info");

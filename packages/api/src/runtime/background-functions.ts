/**
 * The services of the deployed functions that serve no caller (the sweeps, the webhook delivery
 * function): the table (and, for the webhooks, the KMS key) is all they read, none of the API's
 * identity settings.
 */
import { createDynamoClient, createServices, type Dispatcher, type Services, type ServicesWithWebhooks, type WebhooksOptions } from "@events/core";
import { readWebhookConfig, resolveTableName } from "./config.js";
import { webhooksOptions } from "./webhooks.js";
import { jsonLogger, LOG_LEVELS, type Logger, type LogLevel } from "../protocol/logger.js";

/** The services over the deployed table (AWS_ENDPOINT_URL_DYNAMODB: another DynamoDB endpoint). */
export function tableServices(env: NodeJS.ProcessEnv, webhooks: WebhooksOptions): ServicesWithWebhooks;
export function tableServices(env?: NodeJS.ProcessEnv): Services;
export function tableServices(env: NodeJS.ProcessEnv = process.env, webhooks?: WebhooksOptions): Services {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const client = createDynamoClient(endpoint ? { endpoint } : {});
  return createServices({ client, tableName: resolveTableName(env), ...(webhooks ? { webhooks } : {}) });
}

/** The JSON log lines of those functions, at LOG_LEVEL as the API reads it (anything else: the default). */
export const functionLogger = (env: NodeJS.ProcessEnv = process.env): Logger =>
  jsonLogger(LOG_LEVELS.includes(env.LOG_LEVEL as LogLevel) ? (env.LOG_LEVEL as LogLevel) : "info");

/** The dispatcher of the delivery function (deliver.ts), the webhook sweep (webhook-sweep.ts) and the attempt function (webhook-attempt.ts). */
export async function deployedDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher> {
  const webhooks = await webhooksOptions(readWebhookConfig(env, { deployed: true }), { deployed: true }, functionLogger(env));
  return tableServices(env, webhooks).dispatcher;
}

/**
 * The dispatcher of the deployed delivery functions (deliver.ts, webhook-sweep.ts):
 * the table and the KMS key are all they read, as they serve no caller.
 */
import { createDynamoClient, createServices, type Dispatcher } from "@events/core";
import { readWebhookConfig, resolveTableName } from "./config.js";
import { webhooksOptions } from "./webhooks.js";

export async function deployedDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher> {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const client = createDynamoClient(endpoint ? { endpoint } : {});
  const webhooks = await webhooksOptions(readWebhookConfig(env, { deployed: true }), { deployed: true });
  const { dispatcher } = createServices({ client, tableName: resolveTableName(env), webhooks });
  if (!dispatcher) throw new Error("createServices made no dispatcher from webhook options");
  return dispatcher;
}

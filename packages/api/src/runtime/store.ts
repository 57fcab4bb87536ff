/**
 * Opens the event store the configuration names: an external DynamoDB
 * endpoint, or the embedded store on disk. Either way the table is created
 * when it is missing.
 */
import {
  createDynamoClient,
  createServices,
  ensureTable,
  type Dispatcher,
  type EventService,
  type RegistrationService,
  type Services,
  type ServicesWithWebhooks,
  type WebhookService,
} from "@events/core";
import { startEmbeddedStore } from "@events/local-store";
import type { Config } from "./config.js";
import { webhooksOptions } from "./webhooks.js";
import type { Logger } from "../protocol/logger.js";

export interface OpenStore {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: Services["calendarTokens"];
  webhooks: WebhookService;
  /** Delivers webhook messages: the local server runs it (`dispatcher.start`). */
  dispatcher: Dispatcher;
  /** Writes parsed events in batches (seeding). */
  bulkLoad: Services["bulkLoad"];
  /** Finishes the cascades of deletes cut short (services.ts). */
  finishDeletions: Services["finishDeletions"];
  /** Finishes the re-keys of registrations after changes of date (services.ts). */
  finishRekeys: Services["finishRekeys"];
  /** The DynamoDB client, for tools that work below the services. */
  client: ReturnType<typeof createDynamoClient>;
  tableName: string;
  isReachable(): Promise<boolean>;
  /** Human-readable: where the data lives. */
  description: string;
  close(): Promise<void>;
}

export async function openStore(
  config: Pick<Config, "dynamoEndpoint" | "dataDir" | "tableName" | "webhooks">,
  log?: Logger,
): Promise<OpenStore> {
  const embedded = config.dynamoEndpoint ? undefined : await startEmbeddedStore({ dataDir: config.dataDir });
  const endpoint = config.dynamoEndpoint ?? embedded!.endpoint;
  const client = createDynamoClient({ endpoint });
  let services: ServicesWithWebhooks;
  try {
    await ensureTable(client, config.tableName);
    const webhooks = await webhooksOptions(config.webhooks, { deployed: false, dataDir: config.dataDir }, log);
    services = createServices({ client, tableName: config.tableName, webhooks });
  } catch (error) {
    client.destroy();
    await embedded?.close();
    throw error;
  }
  const { events, registrations, calendarTokens, webhooks, dispatcher, isReachable, bulkLoad, finishDeletions, finishRekeys } = services;
  return {
    events,
    registrations,
    calendarTokens,
    webhooks,
    dispatcher,
    bulkLoad,
    finishDeletions,
    finishRekeys,
    client,
    tableName: config.tableName,
    isReachable,
    description: embedded
      ? `embedded store, data in ${config.dataDir}`
      : `DynamoDB at ${config.dynamoEndpoint}, table ${config.tableName}`,
    async close() {
      client.destroy();
      await embedded?.close();
    },
  };
}

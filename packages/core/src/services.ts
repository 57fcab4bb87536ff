/**
 * The composition root: the one place that builds the store (one ElectroDB
 * Service over the table), the places, the idempotency records and every
 * service over them. Everything that runs the core gets its services here.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createStore } from "./model/store.js";
import { isTableReachable } from "./store/dynamo.js";
import { createPlaces } from "./places/places.js";
import { idempotencyRecords } from "./idempotency/records.js";
import { createEventService, type EventService } from "./event/service.js";
import { bulkLoad, type BulkLoadOptions } from "./event/bulk-load.js";
import { createRegistrationService, type RegistrationService } from "./registration/service.js";
import type { CreateEventInput } from "./rules/event-schema.js";
import { createCalendarTokens, type CalendarTokens } from "./calendar/tokens.js";
import type { Dispatcher, WebhookService, WebhooksOptions } from "./webhooks/ports.js";
import { createWebhookService } from "./webhooks/endpoints.js";
import { createDispatcher } from "./webhooks/dispatcher.js";

export interface ServicesOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The webhooks' edge (cipher, sender, URL policy): without it there are no `webhooks` or `dispatcher`. */
  webhooks?: WebhooksOptions;
}

export interface Services {
  events: EventService;
  registrations: RegistrationService;
  /** The secret addresses of people's calendar feeds (the caller checks who may issue or revoke whose). */
  calendarTokens: CalendarTokens;
  /** Webhook endpoints and their deliveries (when built with `webhooks` options). */
  webhooks?: WebhookService;
  /** Fans outbox messages out and makes the attempts (when built with `webhooks` options). */
  dispatcher?: Dispatcher;
  /** True when the table can be read (health checks). */
  isReachable(): Promise<boolean>;
  /**
   * Finishes every delete whose cascade was cut short (a failure, a crash): no registration of a deleted event
   * stays behind. Resolves with how many there were. Run at start and on a schedule.
   */
  finishDeletions(): Promise<number>;
  /**
   * Finishes every re-key of registrations a change of date left unfinished (cut short, or longer than the
   * update's own budget), so that each person's list follows the new date. Resolves with how many there were.
   */
  finishRekeys(): Promise<number>;
  /** Writes parsed events in batches (seeding, benchmarks): overwrites, unlike `events.create`. */
  bulkLoad(events: Iterable<CreateEventInput>, options?: BulkLoadOptions): Promise<number>;
}

/** The services built with `webhooks` options: endpoints and the dispatcher are there. */
export type ServicesWithWebhooks = Services & { webhooks: WebhookService; dispatcher: Dispatcher };

export function createServices(options: ServicesOptions & { webhooks: WebhooksOptions }): ServicesWithWebhooks;
export function createServices(options: ServicesOptions): Services;
export function createServices({ client, tableName, webhooks }: ServicesOptions): Services {
  const store = createStore(client, tableName);
  const places = createPlaces(store);
  const records = idempotencyRecords(store);
  return {
    events: createEventService({ store, places, records }),
    registrations: createRegistrationService({ store, places, records }),
    calendarTokens: createCalendarTokens(store),
    ...(webhooks === undefined
      ? {}
      : { webhooks: createWebhookService(store, webhooks), dispatcher: createDispatcher(store, webhooks) }),
    isReachable: () => isTableReachable(client, tableName),
    finishDeletions: () => places.finishDeletions(),
    finishRekeys: () => places.finishRekeys(),
    bulkLoad: (events, options) => bulkLoad(store, events, options),
  };
}

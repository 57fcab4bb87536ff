/**
 * Every entity of the events table in one ElectroDB `Service`, so that one
 * transaction can write an event, its registrations, an idempotency record and
 * the records of unfinished work (a delete's cascade, a re-key).
 */
import { Service, type CreateEntityItem, type EntityItem } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { eventEntity, type EventEntity } from "./event-entity.js";
import { registrationEntity, type RegistrationEntity } from "./registration-entity.js";
import { lineEntity, type LineEntity } from "./line-entity.js";
import { idempotencyEntity } from "./idempotency-entity.js";
import { calendarTokenEntity } from "./calendar-token-entity.js";
import { calendarTokenHolderEntity } from "./calendar-token-holder-entity.js";
import { deletionEntity } from "./deletion-entity.js";
import { rekeyEntity } from "./rekey-entity.js";
import { messageEntity } from "./message-entity.js";
import { webhookEntity } from "./webhook-entity.js";
import { deliveryEntity } from "./delivery-entity.js";
import { dueEntity } from "./due-entity.js";

export function createStore(client: DynamoDBClient, table: string) {
  return new Service(
    {
      event: eventEntity(client, table),
      registration: registrationEntity(client, table),
      line: lineEntity(client, table),
      idempotency: idempotencyEntity(client, table),
      calendarToken: calendarTokenEntity(client, table),
      calendarTokenHolder: calendarTokenHolderEntity(client, table),
      deletion: deletionEntity(client, table),
      rekey: rekeyEntity(client, table),
      message: messageEntity(client, table),
      webhook: webhookEntity(client, table),
      delivery: deliveryEntity(client, table),
      due: dueEntity(client, table),
    },
    { client, table },
  );
}

export type Store = ReturnType<typeof createStore>;

/** The entities as a transaction's builder receives them (`store.transaction.write(entities => [...])`). */
export type TransactionEntities = Parameters<Parameters<Store["transaction"]["write"]>[0]>[0];

/** How a cancelled transaction reports each item (ElectroDB's `data` when `canceled`). */
export type TransactionItemResults = readonly { rejected: boolean; code?: string }[];

/** An event item as written, hidden index attributes included. */
export type EventItem = CreateEntityItem<EventEntity>;

/** An event item as read (hidden index attributes left out). */
export type StoredEvent = EntityItem<EventEntity>;

/** A registration item as stored. */
export type RegistrationItem = EntityItem<RegistrationEntity>;

/** An entry of one of the event's lists. */
export type LineEntry = EntityItem<LineEntity>;

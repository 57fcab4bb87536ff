/**
 * The ElectroDB `Delivery` entity: one message to one endpoint, its attempts
 * and its state. An endpoint's deliveries share a partition, newest last
 * (message ids are ULIDs). `shard` and `dueAt` say where its due item is, so
 * that every change of its due time moves that item in the same transaction.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { DELIVERY_STATUSES, MESSAGE_TYPES } from "../rules/webhook-fields.js";

export function deliveryEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "delivery", version: "1", service: "events" },
      attributes: {
        webhookId: { type: "string", required: true, readOnly: true },
        messageId: { type: "string", required: true, readOnly: true },
        type: { type: MESSAGE_TYPES, required: true, readOnly: true },
        /** The JSON body, built once at fan-out and sent unchanged on every attempt. */
        body: { type: "string", required: true, readOnly: true },
        status: { type: DELIVERY_STATUSES, required: true },
        /** Every attempt logged, oldest first (the newest MAX_ATTEMPTS_LOGGED). */
        attempts: {
          type: "list",
          required: true,
          items: {
            type: "map",
            properties: {
              at: { type: "string", required: true },
              durationMs: { type: "number", required: true },
              status: { type: "number" },
              error: { type: "string" },
            },
          },
        },
        /** Scheduled attempts made (manual retries do not count against the schedule). */
        attemptCount: { type: "number", required: true },
        /** When the next scheduled attempt is due (ISO 8601); absent once delivered or failed. */
        nextAttemptAt: { type: "string" },
        /** The due-item partition this delivery's due items live in. */
        shard: { type: "string", required: true, readOnly: true },
        /** Where its scheduled due item is (nextAttemptAt, or claimedUntil while claimed); absent when none. */
        dueAt: { type: "string" },
        /** Set by the dispatcher that claimed the next attempt; its record is conditioned on it. */
        claimToken: { type: "string" },
        /** Epoch ms after which the claim lapses (a crashed attempt is taken up again). */
        claimedUntil: { type: "number" },
        /** The message's timestamp. */
        createdAt: { type: "string", required: true, readOnly: true },
        /** Epoch seconds: DynamoDB removes it after the retention. */
        expiresAt: { type: "number", field: EVENTS_TABLE.timeToLiveAttribute, readOnly: true },
      },
      indexes: {
        byWebhook: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["webhookId"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["messageId"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type DeliveryEntity = ReturnType<typeof deliveryEntity>;

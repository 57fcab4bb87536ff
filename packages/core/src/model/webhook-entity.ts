/**
 * The ElectroDB `Webhook` entity: an endpoint messages are sent to. All of them
 * share one partition, so that the dispatcher reads every endpoint with one
 * strongly consistent query (no index: an index would lag behind a create).
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";

export function webhookEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "webhook", version: "1", service: "events" },
      attributes: {
        /** `wh_` + a ULID: the list is in creation order. */
        webhookId: { type: "string", required: true, readOnly: true },
        url: { type: "string", required: true },
        types: { type: "list", items: { type: "string" }, required: true },
        /** Only this event's messages. */
        eventId: { type: "string", readOnly: true },
        description: { type: "string" },
        enabled: { type: "boolean", required: true },
        /** The person who created it; absent for a service's. */
        ownerId: { type: "string", readOnly: true },
        createdAt: { type: "string", required: true, readOnly: true },
        updatedAt: { type: "string", required: true },
        /** The signing secrets, encrypted (HMAC needs the secret itself), oldest first. */
        secrets: {
          type: "list",
          required: true,
          items: {
            type: "map",
            properties: {
              ciphertext: { type: "string", required: true },
              createdAt: { type: "string", required: true },
            },
          },
        },
      },
      indexes: {
        all: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: [], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["webhookId"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type WebhookEntity = ReturnType<typeof webhookEntity>;

/**
 * The ElectroDB `CalendarTokenHolder` entity: which token hash is a person's
 * current one, so that issuing a new token deletes the old one in the same transaction.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";

export function calendarTokenHolderEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "calendarTokenHolder", version: "1", service: "events" },
      attributes: {
        userId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        tokenHash: { type: "string", required: true },
        updatedAt: { type: "string", required: true },
      },
      indexes: {
        byUser: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["userId"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: [], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type CalendarTokenHolderEntity = ReturnType<typeof calendarTokenHolderEntity>;

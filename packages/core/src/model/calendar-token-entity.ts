/**
 * The ElectroDB `CalendarToken` entity: a private calendar feed's address, as
 * the sha256 of its token (never the token itself), naming the person whose feed it is.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";

export function calendarTokenEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "calendarToken", version: "1", service: "events" },
      attributes: {
        tokenHash: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        createdAt: { type: "string", required: true, readOnly: true },
      },
      indexes: {
        byHash: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["tokenHash"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: [], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type CalendarTokenEntity = ReturnType<typeof calendarTokenEntity>;

/**
 * The ElectroDB `Rekey` entity: an event whose date changed while its
 * registrations may still carry the old order in the user index
 * (places/rekey.ts). Written in the change's own transaction, removed once every
 * registration is re-keyed; all of them share one partition so that a sweep
 * finds them with one query.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";

export function rekeyEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "rekey", version: "1", service: "events" },
      attributes: {
        eventId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        /** The event's orderVersion to reach; a later change of date raises it. */
        orderVersion: { type: "number", required: true },
        requestedAt: { type: "string", required: true },
      },
      indexes: {
        pending: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: [], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["eventId"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

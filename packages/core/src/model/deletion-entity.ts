/**
 * The ElectroDB `Deletion` entity: an event's delete whose cascade (removing
 * its registrations) may not have finished. Written in the transaction that
 * deletes the event, removed once the cascade is done; all of them share one
 * partition so that a sweep finds them with one query.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";

export function deletionEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "deletion", version: "1", service: "events" },
      attributes: {
        eventId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        /** Random per delete: a finished cascade removes its own record, never a later delete's. */
        token: { type: "string", required: true, readOnly: true },
        deletedAt: { type: "string", required: true, readOnly: true },
        /** The deleted event's owner (absent: none): the cascade's messages are scoped to it as the event's were. */
        ownerId: { type: "string", readOnly: true },
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

export type DeletionEntity = ReturnType<typeof deletionEntity>;

/**
 * The ElectroDB `Message` entity: the transactional outbox. A message is
 * written in the same transaction as the change it reports, in one of a few
 * partitions (WEBHOOK_SHARDS) so that a burst of changes spreads its writes;
 * the dispatcher fans it out to the matching endpoints and then removes it.
 * Deployed, the table's stream hands each new message to the delivery function
 * (filtered on this entity's name, `MESSAGE_ENTITY`); a sweep finds any left.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE, MESSAGE_ENTITY } from "./table.js";
import { MESSAGE_TYPES } from "../rules/webhook-fields.js";

export function messageEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: MESSAGE_ENTITY, version: "1", service: "events" },
      attributes: {
        /** Which outbox partition ("0"…): chosen at random when written. */
        shard: { type: "string", required: true, readOnly: true },
        /** `msg_` + a ULID: time-ordered, so a sweep reads the oldest first. */
        messageId: { type: "string", required: true, readOnly: true },
        type: { type: MESSAGE_TYPES, required: true, readOnly: true },
        /** When the change committed (ISO 8601 UTC): the body's `timestamp`. */
        timestamp: { type: "string", required: true, readOnly: true },
        eventId: { type: "string", required: true, readOnly: true },
        /** The event's owner when it changed: a person's endpoints get only their own events' messages. */
        ownerId: { type: "string", readOnly: true },
        /** The message's `data`, as JSON text: exactly what committed, sent as it is. */
        data: { type: "string", required: true, readOnly: true },
        /** Epoch seconds: DynamoDB removes a message nobody fanned out after the retention. */
        expiresAt: { type: "number", field: EVENTS_TABLE.timeToLiveAttribute, readOnly: true },
      },
      indexes: {
        outbox: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["shard"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["messageId"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type MessageEntity = ReturnType<typeof messageEntity>;

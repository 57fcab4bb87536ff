/**
 * The ElectroDB `Due` entity: an attempt to make at `dueAt`. A sweep queries
 * each of WEBHOOK_SHARDS partitions for the items due by now, in time order;
 * a `manual` item is a retry someone asked for, whatever the delivery's state.
 * The kind is part of the key, so a manual retry never overwrites a scheduled
 * attempt due at the same millisecond.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";

/** `scheduled`: the delivery's own next attempt; `manual`: one attempt someone asked for. */
export const DUE_KINDS = ["scheduled", "manual"] as const;

export function dueEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "due", version: "1", service: "events" },
      attributes: {
        shard: { type: "string", required: true, readOnly: true },
        /** ISO 8601 UTC with milliseconds (fixed length, so the sort key orders by time). */
        dueAt: { type: "string", required: true, readOnly: true },
        webhookId: { type: "string", required: true, readOnly: true },
        messageId: { type: "string", required: true, readOnly: true },
        kind: { type: DUE_KINDS, required: true, readOnly: true },
        /** Epoch seconds: one left behind by a delivery that expired goes too. */
        expiresAt: { type: "number", field: EVENTS_TABLE.timeToLiveAttribute, readOnly: true },
      },
      indexes: {
        byTime: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["shard"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["dueAt", "webhookId", "messageId", "kind"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type DueEntity = ReturnType<typeof dueEntity>;

/**
 * The ElectroDB `Idempotency` entity: the first response to a request sent
 * with an `Idempotency-Key`, stored in the same transaction as the write it
 * protects, and expired by the table's TTL after 24 hours. Keyed by the key and
 * the caller's scope: one caller's key never finds another caller's record.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";

export function idempotencyEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "idempotency", version: "1", service: "events" },
      attributes: {
        idempotencyKey: { type: "string", required: true, readOnly: true },
        /** Whose key it is (a person, a service key, the open API), as the service's caller names it. */
        scope: { type: "string", required: true, readOnly: true },
        /** A hash of the operation, its path parameters and its canonical body. */
        fingerprint: { type: "string", required: true, readOnly: true },
        /** The first response, as JSON: `{ status, location, body }`; completed once when a part is known only after the commit (a place in line). */
        response: { type: "string", required: true },
        expiresAt: { type: "number", required: true, readOnly: true, field: EVENTS_TABLE.timeToLiveAttribute },
        createdAt: { type: "string", required: true, readOnly: true },
      },
      indexes: {
        byKey: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["idempotencyKey"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["scope"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type IdempotencyEntity = ReturnType<typeof idempotencyEntity>;

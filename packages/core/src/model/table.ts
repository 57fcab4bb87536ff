/**
 * The events table's keys and indexes, declared once. The ElectroDB entity maps
 * onto these attribute and index names, the embedded store and `ensureTable`
 * create the table from `createTableInput`, and SST declares the deployed table
 * from the same object.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const EVENTS_TABLE = {
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: {
    /** Events of one status, in date order. */
    byStatus: { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** All events, in date order (one partition: see the README on its write ceiling). */
    byDate: { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    /** One user's registrations (eventually consistent: never used to decide who gets a place). */
    byUser: { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    /** One owner's events, in date order (sparse: events without an owner are not in it). */
    byOwner: { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  },
  /** Epoch seconds after which DynamoDB may delete an item (idempotency records); a number attribute. */
  timeToLiveAttribute: "expiresAt",
} as const;

export const DEFAULT_TABLE_NAME = "Events";

/**
 * The attribute ElectroDB names each item's entity in, and the outbox's entity: the deployed stream
 * filter (stacks/webhook-settings.ts) and the delivery function pick new outbox messages by them.
 */
export const ENTITY_ATTRIBUTE = "__edb_e__";
export const MESSAGE_ENTITY = "message";

/** Every key attribute of the table and its indexes; all are strings. */
export function keyAttributeNames(): string[] {
  const names = new Set<string>([EVENTS_TABLE.partitionKey, EVENTS_TABLE.sortKey]);
  for (const index of Object.values(EVENTS_TABLE.globalIndexes)) {
    names.add(index.partitionKey);
    names.add(index.sortKey);
  }
  return [...names];
}

/** The CreateTable request for the events table (on-demand billing, all attributes projected). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keyAttributeNames().map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: EVENTS_TABLE.partitionKey, KeyType: "HASH" },
      { AttributeName: EVENTS_TABLE.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.values(EVENTS_TABLE.globalIndexes).map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

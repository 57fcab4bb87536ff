/**
 * The events table as SST declares it, built from the core package's table
 * definition (EVENTS_TABLE, the same object `ensureTable` creates the local
 * table from). Pure: no SST globals, so tests import it
 * (stacks/test/infra.test.ts compares it with the table the
 * embedded store creates) and stacks/storage.ts hands it to `sst.aws.Dynamo`.
 */
import { EVENTS_TABLE, keyAttributeNames } from "@events/core/table";

/** The stage whose data must outlive the stack. */
export const PRODUCTION_STAGE = "production";

export const isProductionStage = (stage: string) => stage === PRODUCTION_STAGE;

/** The shape of `sst.aws.DynamoArgs` used here (checked against SST's own types by `pnpm check:infra`). */
export interface TableIndexArgs {
  hashKey: string;
  rangeKey?: string;
  projection?: "all" | "keys-only" | string[];
}

export interface EventsTableArgs {
  fields: Record<string, "string" | "number" | "binary">;
  primaryIndex: { hashKey: string; rangeKey?: string };
  globalIndexes: Record<string, TableIndexArgs>;
  /** The number attribute (epoch seconds) DynamoDB's time to live expires items by. */
  ttl: string;
  /** The table cannot be deleted (by SST, the console or the API) while set. */
  deletionProtection: boolean;
  /** The table's stream: each new item as written, for the webhook delivery function (stacks/webhooks.ts). */
  stream: "new-image";
}

/** Settings applied to the underlying `aws.dynamodb.Table` (SST's `transform.table`). */
export interface EventsTableSettings {
  billingMode: "PAY_PER_REQUEST";
  pointInTimeRecovery: { enabled: boolean };
  serverSideEncryption: { enabled: boolean };
}

/** Keys and indexes: every key attribute is a string, every index projects all attributes. */
export function eventsTableArgs(options: { production: boolean }): EventsTableArgs {
  return {
    fields: Object.fromEntries(keyAttributeNames().map((name) => [name, "string" as const])),
    primaryIndex: { hashKey: EVENTS_TABLE.partitionKey, rangeKey: EVENTS_TABLE.sortKey },
    globalIndexes: Object.fromEntries(
      Object.values(EVENTS_TABLE.globalIndexes).map((index) => [
        index.indexName,
        { hashKey: index.partitionKey, rangeKey: index.sortKey, projection: "all" as const },
      ]),
    ),
    ttl: EVENTS_TABLE.timeToLiveAttribute,
    deletionProtection: options.production,
    // New outbox messages reach the delivery function this way; only new images are needed (nothing reads old ones).
    stream: "new-image",
  };
}

/**
 * Billing, backups and encryption. SST's Dynamo already defaults to on-demand
 * billing and point-in-time recovery; they are restated so that a change of
 * SST default cannot silently drop them.
 * - On-demand billing (as `createTableInput` locally): no capacity to plan, no
 *   cost when idle.
 * - Point-in-time recovery on every stage: restore to any second of the last
 *   35 days; it costs by table size, which is small outside production.
 * - Encryption at rest: every DynamoDB table is encrypted at rest. Other
 *   stages keep the default AWS-owned key (free); production uses the
 *   AWS-managed KMS key `aws/dynamodb`, whose use is logged in CloudTrail
 *   (no key fee; KMS requests are few, as DynamoDB caches the data keys).
 */
export function eventsTableSettings(options: { production: boolean }): EventsTableSettings {
  return {
    billingMode: "PAY_PER_REQUEST",
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: options.production },
  };
}

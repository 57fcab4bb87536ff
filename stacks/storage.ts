/**
 * The events table, declared from the core package's table definition (the
 * same one the embedded store creates locally).
 */
import { EVENTS_TABLE, keyAttributeNames } from "../packages/core/src/store/table";

const production = $app.stage === "production";

export const table = new sst.aws.Dynamo("Events", {
  fields: Object.fromEntries(keyAttributeNames().map((name) => [name, "string" as const])),
  primaryIndex: { hashKey: EVENTS_TABLE.partitionKey, rangeKey: EVENTS_TABLE.sortKey },
  globalIndexes: Object.fromEntries(
    Object.values(EVENTS_TABLE.globalIndexes).map((index) => [
      index.indexName,
      { hashKey: index.partitionKey, rangeKey: index.sortKey },
    ]),
  ),
  transform: {
    table: {
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: production,
    },
  },
});

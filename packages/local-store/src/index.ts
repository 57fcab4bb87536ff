export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from "./embedded.js";
export { startDynamoDbLocal } from "./dynamodb-local.js";
export { startTestStore, testGsiLagMs, testStoreKind, type TestStoreKind } from "./test-store.js";
export type { RunningStore } from "./running-store.js";

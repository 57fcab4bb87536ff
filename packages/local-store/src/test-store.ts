/**
 * The one switch that picks the store a test suite runs on:
 * EVENTS_TEST_STORE=dynamodb-local runs it on Amazon's DynamoDB Local,
 * anything else (the default) on the embedded store. Tests that need the
 * embedded store's own features (a data folder, crash recovery) call
 * startEmbeddedStore directly instead.
 */
import { startDynamoDbLocal } from "./dynamodb-local.js";
import { startEmbeddedStore, type EmbeddedStoreOptions } from "./embedded.js";
import { startIsolatedStore } from "./isolated-store.js";
import type { RunningStore } from "./running-store.js";
import { SHARED_DYNAMODB_LOCAL } from "./shared-dynamodb-local.js";

export type TestStoreKind = "embedded" | "dynamodb-local";

export function testStoreKind(env: NodeJS.ProcessEnv = process.env): TestStoreKind {
  const value = env.EVENTS_TEST_STORE ?? "embedded";
  if (value !== "embedded" && value !== "dynamodb-local") {
    throw new Error(`EVENTS_TEST_STORE must be "embedded" or "dynamodb-local", got "${value}"`);
  }
  return value;
}

/**
 * EVENTS_TEST_GSI_LAG_MS=<ms> runs the embedded store with eventually consistent global
 * secondary indexes (see EmbeddedStoreOptions.gsiLagMs), to prove nothing exact reads an index.
 */
export function testGsiLagMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.EVENTS_TEST_GSI_LAG_MS;
  if (value === undefined || value === "") return undefined;
  const lag = Number(value);
  if (!Number.isInteger(lag) || lag < 0) {
    throw new Error(`EVENTS_TEST_GSI_LAG_MS must be a whole number of milliseconds, got "${value}"`);
  }
  return lag;
}

/**
 * A fresh, empty, in-memory store of the kind the suite runs on. On DynamoDB
 * Local: a database of its own in the run's shared instance when there is one
 * (shared-dynamodb-local.ts), else an instance of its own.
 */
export function startTestStore(options: Omit<EmbeddedStoreOptions, "dataDir" | "port"> = {}): Promise<RunningStore> {
  if (testStoreKind() === "embedded") {
    const gsiLagMs = options.gsiLagMs ?? testGsiLagMs();
    return startEmbeddedStore(gsiLagMs === undefined ? options : { ...options, gsiLagMs });
  }
  const shared = process.env[SHARED_DYNAMODB_LOCAL];
  return shared ? startIsolatedStore(shared) : startDynamoDbLocal();
}

/**
 * The one switch that picks the store a test suite runs on:
 * EVENTS_TEST_STORE=dynamodb-local runs it on Amazon's DynamoDB Local,
 * anything else (the default) on the embedded store. Tests that need the
 * embedded store's own features (a data folder, crash recovery) call
 * startEmbeddedStore directly instead.
 */
import { startDynamoDbLocal } from "./dynamodb-local.js";
import { startEmbeddedStore, type EmbeddedStoreOptions } from "./embedded.js";
import type { RunningStore } from "./running-store.js";

export type TestStoreKind = "embedded" | "dynamodb-local";

export function testStoreKind(env: NodeJS.ProcessEnv = process.env): TestStoreKind {
  const value = env.EVENTS_TEST_STORE ?? "embedded";
  if (value !== "embedded" && value !== "dynamodb-local") {
    throw new Error(`EVENTS_TEST_STORE must be "embedded" or "dynamodb-local", got "${value}"`);
  }
  return value;
}

/** A fresh, empty, in-memory store of the kind the suite runs on. */
export function startTestStore(options: Omit<EmbeddedStoreOptions, "dataDir" | "port"> = {}): Promise<RunningStore> {
  return testStoreKind() === "dynamodb-local" ? startDynamoDbLocal() : startEmbeddedStore(options);
}

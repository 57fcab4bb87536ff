/**
 * The one way tests start a store: every test that needs DynamoDB calls
 * `startStore()`, so switching the whole suite to another store (DynamoDB
 * Local instead of the embedded dynalite) is a change here alone.
 */
import { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from "@events/local-store";

export type TestStore = EmbeddedStore;

/** A fresh store (in memory unless `dataDir` is given). */
export function startStore(options: EmbeddedStoreOptions = {}): Promise<TestStore> {
  return startEmbeddedStore(options);
}

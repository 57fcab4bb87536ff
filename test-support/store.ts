/**
 * The one way tests start a store: every test that needs DynamoDB calls
 * `startStore()`. In memory it is the kind EVENTS_TEST_STORE names (the
 * embedded store by default, or DynamoDB Local); with a `dataDir` it is the
 * embedded store on that folder, for the tests of its own durability.
 */
import { startEmbeddedStore, startTestStore, type EmbeddedStoreOptions, type RunningStore } from "@events/local-store";

export type TestStore = RunningStore;

export function startStore(options: EmbeddedStoreOptions = {}): Promise<TestStore> {
  return options.dataDir === undefined && options.port === undefined ? startTestStore(options) : startEmbeddedStore(options);
}

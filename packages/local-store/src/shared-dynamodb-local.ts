/**
 * A vitest globalSetup for EVENTS_TEST_STORE=dynamodb-local: one DynamoDB
 * Local for the whole run (a JVM per test file would cost seconds of CPU
 * each), whose endpoint startTestStore finds in SHARED_DYNAMODB_LOCAL and
 * splits into isolated stores.
 */
import { startDynamoDbLocal } from "./dynamodb-local.js";

export const SHARED_DYNAMODB_LOCAL = "EVENTS_SHARED_DYNAMODB_LOCAL";

export default async function setup(): Promise<() => Promise<void>> {
  const store = await startDynamoDbLocal();
  // Test workers are started after this, with this process's environment.
  process.env[SHARED_DYNAMODB_LOCAL] = store.endpoint;
  return async () => {
    delete process.env[SHARED_DYNAMODB_LOCAL];
    await store.close();
  };
}

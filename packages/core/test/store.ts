/** A fresh in-memory store (EVENTS_TEST_STORE picks which) with the events table, per test file. */
import { afterAll } from "vitest";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable } from "../src/index.js";

export async function freshEventService(tableName = "Events") {
  const store = await startStore();
  const client = createDynamoClient({ endpoint: store.endpoint });
  await ensureTable(client, tableName);
  afterAll(async () => {
    client.destroy();
    await store.close();
  });
  return { events: createServices({ client, tableName }).events, client, store };
}

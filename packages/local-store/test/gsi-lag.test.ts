/**
 * gsiLagMs makes the embedded store's global secondary indexes eventually consistent,
 * as DynamoDB's are: an entry (and its removal) shows in the index only after the lag,
 * while the table itself is exact at once.
 * @module-tag embedded-store
 */
import { DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStore, testGsiLagMs, type RunningStore } from "../src/index.js";
import { clientFor, createTable, item, key, queryGroup, read, tableName } from "./conformance-helpers.js";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

const lagMs = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(process.env.EVENTS_TEST_STORE === "dynamodb-local")("eventually consistent GSIs on the embedded store", () => {
  let store: RunningStore;
  let client: DynamoDBClient;
  beforeAll(async () => {
    store = await startTestStore({ gsiLagMs: lagMs });
    client = clientFor(store);
    await createTable(client);
  });
  afterAll(async () => {
    client?.destroy();
    await store?.close();
  });

  it("shows a write in the table at once and in the index only after the lag", async () => {
    const written = item("lagging", { gsi1pk: { S: "lag-group" }, gsi1sk: { S: "1" } });
    await client.send(new PutItemCommand({ TableName: tableName, Item: written }));
    expect(await read(client, "lagging")).toEqual(written);
    expect(await queryGroup(client, "lag-group")).toEqual([]);
    await sleep(lagMs * 2);
    expect(await queryGroup(client, "lag-group")).toEqual(["lagging"]);

    await client.send(new DeleteItemCommand({ TableName: tableName, Key: key("lagging") }));
    expect(await read(client, "lagging")).toBeUndefined();
    expect(await queryGroup(client, "lag-group")).toEqual(["lagging"]);
    await sleep(lagMs * 2);
    expect(await queryGroup(client, "lag-group")).toEqual([]);
  });

  it("reads EVENTS_TEST_GSI_LAG_MS for whole-suite runs and refuses nonsense", () => {
    expect(testGsiLagMs({ EVENTS_TEST_GSI_LAG_MS: "250" })).toBe(250);
    expect(testGsiLagMs({})).toBeUndefined();
    expect(() => testGsiLagMs({ EVENTS_TEST_GSI_LAG_MS: "soon" })).toThrow(/whole number/);
  });
});

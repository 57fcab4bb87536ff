/** A table on a running store and the SDK calls the conformance tests share. */
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { expect } from "vitest";
import type { RunningStore } from "../src/index.js";

export const tableName = "Conformance";
export const indexName = "byGroup";

export function clientFor(store: RunningStore): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: store.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    // A retried request would hide what the store answered the first time.
    maxAttempts: 1,
  });
}

/** pk/sk table with one GSI on gsi1pk/gsi1sk (ElectroDB's usual layout). */
export async function createTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ["pk", "sk", "gsi1pk", "gsi1sk"].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: indexName,
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    }),
  );
}

export const key = (pk: string): Record<string, AttributeValue> => ({ pk: { S: pk }, sk: { S: "item" } });
export const item = (pk: string, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> => ({
  ...key(pk),
  ...extra,
});
export const put = (pk: string, extra: Record<string, AttributeValue> = {}): TransactWriteItem => ({
  Put: { TableName: tableName, Item: item(pk, extra) },
});

export async function transactWrite(client: DynamoDBClient, items: TransactWriteItem[], token?: string) {
  return client.send(new TransactWriteItemsCommand({ TransactItems: items, ClientRequestToken: token }));
}

export async function read(client: DynamoDBClient, pk: string) {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key(pk), ConsistentRead: true }));
  return Item;
}

export async function queryGroup(client: DynamoDBClient, group: string) {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: indexName,
      KeyConditionExpression: "gsi1pk = :group",
      ExpressionAttributeValues: { ":group": { S: group } },
    }),
  );
  return (Items ?? []).map((found) => found.pk!.S).sort();
}

interface StoreError {
  name: string;
  message: string;
  CancellationReasons?: unknown;
}

/** The error a call rejects with: its name, message and cancellation reasons. */
export async function failure(call: Promise<unknown>): Promise<StoreError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown as StoreError,
  );
  expect(error, "the call succeeded").toBeDefined();
  return { name: error!.name, message: error!.message, CancellationReasons: error!.CancellationReasons };
}

export function cancellation(codes: string[]): string {
  return `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`;
}

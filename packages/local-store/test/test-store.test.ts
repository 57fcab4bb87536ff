/**
 * startTestStore gives every caller a store of its own, on either kind of
 * store (on DynamoDB Local, several share one instance): tables made in one
 * are not seen in another, and a closed store cannot be reached.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { startTestStore, testStoreKind } from "../src/index.js";

const clientOf = (endpoint: string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  afterAll(() => client.destroy());
  return client;
};

describe(`startTestStore (${testStoreKind()})`, () => {
  it("gives each caller its own tables, and a closed store stops answering", async () => {
    const [first, second] = await Promise.all([startTestStore(), startTestStore()]);
    afterAll(() => Promise.all([first.close(), second.close()]));
    const one = clientOf(first.endpoint);
    const other = clientOf(second.endpoint);
    await one.send(
      new CreateTableCommand({
        TableName: "OnlyInFirst",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    expect((await one.send(new ListTablesCommand({}))).TableNames).toEqual(["OnlyInFirst"]);
    expect((await other.send(new ListTablesCommand({}))).TableNames).toEqual([]);

    await first.close();
    await expect(one.send(new ListTablesCommand({}))).rejects.toThrow();
    expect((await other.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });
});

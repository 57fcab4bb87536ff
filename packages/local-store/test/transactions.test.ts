/**
 * The transaction conformance suite: every behaviour of TransactWriteItems and
 * TransactGetItems the product relies on, with the same expectations on the patched
 * dynalite (the embedded store) and on Amazon's DynamoDB Local. DynamoDB Local's
 * answers are the reference; without Java its half fails (it never skips).
 */
import { TransactGetItemsCommand, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal, startEmbeddedStore, type RunningStore } from "../src/index.js";
import {
  cancellation,
  clientFor,
  createTable,
  failure,
  item,
  key,
  put,
  queryGroup,
  read,
  tableName,
  transactWrite,
} from "./conformance-helpers.js";

const stores = [
  { store: "the embedded store (patched dynalite)", start: () => startEmbeddedStore() },
  { store: "DynamoDB Local", start: () => startDynamoDbLocal() },
];

describe.each(stores)("transactions on $store", ({ start }) => {
  let store: RunningStore;
  let client: DynamoDBClient;
  let counter = 0;
  const id = (name: string) => `${name}-${++counter}`;

  beforeAll(async () => {
    store = await start();
    client = clientFor(store);
    await createTable(client);
  });
  afterAll(async () => {
    client?.destroy();
    await store?.close();
  });

  it("commits a Put, an Update, a Delete and a ConditionCheck together, index entries included", async () => {
    const [created, counted, removed, checked, group] = ["created", "counted", "removed", "checked", "group"].map(id);
    await transactWrite(client, [
      put(counted!, { n: { N: "1" } }),
      put(removed!, { gsi1pk: { S: group! }, gsi1sk: { S: "r" } }),
      put(checked!),
    ]);
    const result = await transactWrite(client, [
      put(created!, { gsi1pk: { S: group! }, gsi1sk: { S: "c" } }),
      {
        Update: {
          TableName: tableName,
          Key: key(counted!),
          UpdateExpression: "SET n = n + :one",
          ConditionExpression: "n = :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        },
      },
      { Delete: { TableName: tableName, Key: key(removed!), ConditionExpression: "attribute_exists(pk)" } },
      { ConditionCheck: { TableName: tableName, Key: key(checked!), ConditionExpression: "attribute_exists(pk)" } },
    ]);
    expect(result.ConsumedCapacity).toBeUndefined();
    expect(await read(client, created!)).toEqual(item(created!, { gsi1pk: { S: group! }, gsi1sk: { S: "c" } }));
    expect((await read(client, counted!))?.n).toEqual({ N: "2" });
    expect(await read(client, removed!)).toBeUndefined();
    expect(await queryGroup(client, group!)).toEqual([created]);
  });

  it("cancels everything when one condition fails, with the reasons in request order and the item when asked", async () => {
    const [fresh, existing, missing] = ["fresh", "existing", "missing"].map(id);
    await transactWrite(client, [put(existing!, { n: { N: "5" } })]);
    const error = await failure(
      transactWrite(client, [
        put(fresh!),
        {
          ConditionCheck: {
            TableName: tableName,
            Key: key(existing!),
            ConditionExpression: "n = :zero",
            ExpressionAttributeValues: { ":zero": { N: "0" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        { Delete: { TableName: tableName, Key: key(missing!), ConditionExpression: "attribute_exists(pk)" } },
      ]),
    );
    expect(error).toEqual({
      name: "TransactionCanceledException",
      message: cancellation(["None", "ConditionalCheckFailed", "ConditionalCheckFailed"]),
      CancellationReasons: [
        { Code: "None" },
        // DynamoDB Local ends a ConditionCheck's message with a full stop, the others' without.
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed.", Item: item(existing!, { n: { N: "5" } }) },
        { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      ],
    });
    expect(await read(client, fresh!)).toBeUndefined();
  });

  it("returns the old item of a failed Put only with ReturnValuesOnConditionCheckFailure ALL_OLD", async () => {
    const [taken, other] = ["taken", "other"].map(id);
    await transactWrite(client, [put(taken!, { owner: { S: "first" } }), put(other!, { n: { N: "1" } })]);
    const error = await failure(
      transactWrite(client, [
        {
          Put: {
            TableName: tableName,
            Item: item(taken!, { owner: { S: "second" } }),
            ConditionExpression: "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: key(other!),
            UpdateExpression: "SET n = :two",
            ConditionExpression: "attribute_not_exists(pk)",
            ExpressionAttributeValues: { ":two": { N: "2" } },
          },
        },
      ]),
    );
    expect(error.CancellationReasons).toEqual([
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: item(taken!, { owner: { S: "first" } }) },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
    expect((await read(client, taken!))?.owner).toEqual({ S: "first" });
    expect((await read(client, other!))?.n).toEqual({ N: "1" });
  });

  it("refuses two actions on one item", async () => {
    const twice = id("twice");
    expect(await failure(transactWrite(client, [put(twice), put(twice, { n: { N: "1" } })]))).toEqual({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
    expect(await read(client, twice)).toBeUndefined();
  });

  it("takes up to 100 actions and refuses 101", async () => {
    const batch = id("batch");
    const actions = (count: number) => Array.from({ length: count }, (_, i) => put(`${batch}-${i}`));
    expect(await failure(transactWrite(client, actions(101)))).toEqual({
      name: "ValidationException",
      message: "Member must have length less than or equal to 100",
    });
    expect(await read(client, `${batch}-0`)).toBeUndefined();
    await transactWrite(client, actions(100));
    expect(await read(client, `${batch}-99`)).toEqual(item(`${batch}-99`));
  });

  it("refuses a payload over 4 MB, counting item sizes until the limit is passed", async () => {
    const big = id("b");
    // Each item is 390,014 bytes (names "pk", "sk", "d"; values of 8, 4 and 389,997): the 11th passes 4 MiB.
    const actions = Array.from({ length: 12 }, (_, i) => put(`${big}-${i}`.padEnd(8, "x").slice(0, 8), { d: { S: "x".repeat(389_997) } }));
    const error = await failure(transactWrite(client, actions));
    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/^Transaction payload size cannot exceed 4MB\. Payload Size: \d+$/);
    expect(Number(/\d+$/.exec(error.message)![0])).toBe(11 * 390_014);
  });

  it("answers malformed transactions as DynamoDB Local does", async () => {
    const [valid, wrongType, wrongIndexType] = ["valid", "wrongType", "wrongIndexType"].map(id);
    expect(await failure(transactWrite(client, []))).toEqual({
      name: "ValidationException",
      message: "Value [] at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(
      await failure(transactWrite(client, [put(valid!), { Delete: { TableName: tableName, Key: { pk: { S: "x" } } } }])),
    ).toEqual({ name: "ValidationException", message: "The number of conditions on the keys is invalid" });
    expect(
      await failure(
        transactWrite(client, [put(valid!), { Delete: { TableName: tableName, Key: { pk: { S: "x" }, other: { S: "y" } } } }]),
      ),
    ).toEqual({ name: "ValidationException", message: "One of the required keys was not given a value" });
    expect(await failure(transactWrite(client, [{ Put: { TableName: "NoSuchTable", Item: item(valid!) } }]))).toEqual({
      name: "ResourceNotFoundException",
      message: "Cannot do operations on a non-existent table",
    });
    expect(
      await failure(
        transactWrite(client, [
          put(valid!),
          { Update: { TableName: tableName, Key: key(valid!), UpdateExpression: "SET n = n + :one" } },
        ]),
      ),
    ).toEqual({
      name: "ValidationException",
      message: "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :one",
    });
    // Type mismatches are per-action reasons, not a plain ValidationException.
    expect(
      await failure(
        transactWrite(client, [
          put(valid!),
          { Delete: { TableName: tableName, Key: { pk: { N: "1" }, sk: { S: wrongType! } } } },
          put(wrongIndexType!, { gsi1pk: { N: "1" }, gsi1sk: { S: "s" } }),
        ]),
      ),
    ).toEqual({
      name: "TransactionCanceledException",
      message: cancellation(["None", "ValidationError", "ValidationError"]),
      CancellationReasons: [
        { Code: "None" },
        { Code: "ValidationError", Message: "One or more parameter values were invalid: Type mismatch for key" },
        { Code: "ValidationError", Message: "One or more parameter values were invalid: Type mismatch for Index Key" },
      ],
    });
    expect(await read(client, valid!)).toBeUndefined();
  });

  it("applies a ClientRequestToken's transaction once and refuses the token with other parameters", async () => {
    const [tally, other] = ["tally", "other"].map(id);
    const token = `token-${tally}`;
    await transactWrite(client, [put(tally!, { n: { N: "0" } })]);
    const increment = [
      {
        Update: {
          TableName: tableName,
          Key: key(tally!),
          UpdateExpression: "SET n = n + :one",
          ExpressionAttributeValues: { ":one": { N: "1" } },
        },
      },
    ];
    await transactWrite(client, increment, token);
    await transactWrite(client, increment, token);
    expect((await read(client, tally!))?.n).toEqual({ N: "1" });
    // DynamoDB Local's message for this one is empty; the name is the contract.
    expect((await failure(transactWrite(client, [put(other!)], token))).name).toBe("IdempotentParameterMismatchException");
    expect(await read(client, other!)).toBeUndefined();
    await transactWrite(client, increment, `${token}-next`);
    expect((await read(client, tally!))?.n).toEqual({ N: "2" });
  });

  it("reads up to 100 items with TransactGetItems, in request order, and refuses duplicates and 101", async () => {
    const [first, absent, projected] = ["first", "absent", "projected"].map(id);
    await transactWrite(client, [put(first!, { n: { N: "1" } }), put(projected!, { n: { N: "2" }, extra: { S: "e" } })]);
    const get = (pk: string, projection?: string) => ({
      Get: { TableName: tableName, Key: key(pk), ...(projection ? { ProjectionExpression: projection } : {}) },
    });
    const { Responses } = await client.send(
      new TransactGetItemsCommand({ TransactItems: [get(first!), get(absent!), get(projected!, "pk, n")] }),
    );
    expect(Responses).toEqual([{ Item: item(first!, { n: { N: "1" } }) }, {}, { Item: { pk: { S: projected! }, n: { N: "2" } } }]);
    expect(await failure(client.send(new TransactGetItemsCommand({ TransactItems: [get(first!), get(first!)] })))).toEqual({
      name: "ValidationException",
      message: "Transaction request cannot include multiple operations on one item",
    });
    const many = Array.from({ length: 101 }, (_, i) => get(`${absent}-${i}`));
    expect(await failure(client.send(new TransactGetItemsCommand({ TransactItems: many })))).toEqual({
      name: "ValidationException",
      message: "Member must have length less than or equal to 100",
    });
    const hundred = await client.send(new TransactGetItemsCommand({ TransactItems: many.slice(0, 100) }));
    expect(hundred.Responses).toHaveLength(100);
  });

  it("gives TransactGetItems one consistent snapshot while transactions move value between items", async () => {
    const [left, right] = ["left", "right"].map(id);
    await transactWrite(client, [put(left!, { n: { N: "100" } }), put(right!, { n: { N: "0" } })]);
    const move = (from: string, to: string) =>
      transactWrite(client, [
        {
          Update: {
            TableName: tableName,
            Key: key(from),
            UpdateExpression: "SET n = n - :one",
            ConditionExpression: "n >= :one",
            ExpressionAttributeValues: { ":one": { N: "1" } },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: key(to),
            UpdateExpression: "SET n = n + :one",
            ExpressionAttributeValues: { ":one": { N: "1" } },
          },
        },
      ]);
    let moving = true;
    const sums: number[] = [];
    const reader = async () => {
      while (moving) {
        const { Responses } = await client.send(
          new TransactGetItemsCommand({
            TransactItems: [left!, right!].map((pk) => ({ Get: { TableName: tableName, Key: key(pk) } })),
          }),
        );
        sums.push(Responses!.reduce((sum, response) => sum + Number(response.Item!.n!.N), 0));
      }
    };
    const readers = [reader(), reader()];
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 4 }, () => move(left!, right!)));
    }
    moving = false;
    await Promise.all(readers);
    expect(sums.length).toBeGreaterThan(0);
    expect(new Set(sums)).toEqual(new Set([100]));
    expect((await read(client, right!))?.n).toEqual({ N: "40" });
  });

  it("lets exactly 30 of 50 concurrent conditional increments through a limit of 30, losing none", async () => {
    const slot = id("slot");
    await transactWrite(client, [put(slot, { taken: { N: "0" }, limit: { N: "30" } })]);
    const claim = (person: number) =>
      transactWrite(client, [
        {
          Update: {
            TableName: tableName,
            Key: key(slot),
            UpdateExpression: "SET taken = taken + :one",
            ConditionExpression: "taken < #limit",
            ExpressionAttributeNames: { "#limit": "limit" },
            ExpressionAttributeValues: { ":one": { N: "1" } },
          },
        },
        { Put: { TableName: tableName, Item: item(`${slot}-claim-${person}`), ConditionExpression: "attribute_not_exists(pk)" } },
      ]).then(
        () => "claimed",
        (error: { name: string; CancellationReasons?: { Code: string }[] }) => {
          if (error.name !== "TransactionCanceledException") throw error;
          return error.CancellationReasons!.map((reason) => reason.Code).join(",");
        },
      );
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, person) => claim(person)));
    expect(outcomes.filter((outcome) => outcome === "claimed")).toHaveLength(30);
    expect(outcomes.filter((outcome) => outcome !== "claimed")).toEqual(Array(20).fill("ConditionalCheckFailed,None"));
    expect((await read(client, slot))?.taken).toEqual({ N: "30" });
    let claims = 0;
    for (let person = 0; person < 50; person++) if (await read(client, `${slot}-claim-${person}`)) claims++;
    expect(claims).toBe(30);
  });

  it("leaves single-item writes and transactions agreeing on the same item", async () => {
    const shared = id("shared");
    await transactWrite(client, [put(shared, { n: { N: "0" } })]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? client.send(
              new UpdateItemCommand({
                TableName: tableName,
                Key: key(shared),
                UpdateExpression: "SET n = n + :one",
                ExpressionAttributeValues: { ":one": { N: "1" } },
              }),
            )
          : transactWrite(client, [
              {
                Update: {
                  TableName: tableName,
                  Key: key(shared),
                  UpdateExpression: "SET n = n + :one",
                  ExpressionAttributeValues: { ":one": { N: "1" } },
                },
              },
            ]),
      ),
    );
    expect((await read(client, shared))?.n).toEqual({ N: "20" });
  });
});

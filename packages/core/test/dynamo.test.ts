import { describe, expect, it } from "vitest";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { startStore } from "../../../test-support/index.js";
import {
  DEFAULT_TABLE_NAME,
  EVENTS_TABLE,
  EventError,
  StoreUnavailableError,
  createDynamoClient,
  createServices,
  createTableInput,
  ensureTable,
  isTableReachable,
  keyAttributeNames,
  CreateEventInputSchema,
  SERVICE,
} from "../src/index.js";
import { freshEventService } from "./store.js";
import { rejection, validInput, schemaError } from "./helpers.js";

const { client } = await freshEventService();

describe("table definition", () => {
  it("declares every key attribute as a string, once", () => {
    expect(keyAttributeNames().sort()).toEqual(["gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "gsi4pk", "gsi4sk", "pk", "sk"]);
    const input = createTableInput("T");
    expect(input.TableName).toBe("T");
    expect(input.BillingMode).toBe("PAY_PER_REQUEST");
    expect(input.AttributeDefinitions).toHaveLength(10);
    for (const definition of input.AttributeDefinitions ?? []) expect(definition.AttributeType).toBe("S");
    expect(input.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });

  it("has a status index, a date index, a user index and an owner index, projecting everything", () => {
    const indexes = createTableInput("T").GlobalSecondaryIndexes ?? [];
    const { byStatus, byDate, byUser, byOwner } = EVENTS_TABLE.globalIndexes;
    expect(indexes.map((i) => i.IndexName).sort()).toEqual([byStatus.indexName, byDate.indexName, byUser.indexName, byOwner.indexName].sort());
    for (const index of indexes) expect(index.Projection).toEqual({ ProjectionType: "ALL" });
    expect(DEFAULT_TABLE_NAME).toBe("Events");
  });
});

describe("ensureTable / isTableReachable", () => {
  it("creates a missing table once and is idempotent", async () => {
    const name = "EnsureMe";
    expect(await isTableReachable(client, name)).toBe(false);
    await ensureTable(client, name);
    await ensureTable(client, name);
    await Promise.all([ensureTable(client, name), ensureTable(client, name)]);
    expect(await isTableReachable(client, name)).toBe(true);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.GlobalSecondaryIndexes?.length).toBe(4);
  });

  it("two callers racing to create the same table both succeed", async () => {
    const name = "Raced";
    await Promise.all(Array.from({ length: 5 }, () => ensureTable(client, name)));
    expect(await isTableReachable(client, name)).toBe(true);
  });
});

describe("an unavailable store", () => {
  it("a missing table is StoreUnavailableError", async () => {
    const events = createServices({ client, tableName: "NoSuchTable" }).events;
    const error = await rejection(events.get("x", SERVICE), StoreUnavailableError);
    expect(error).toBeInstanceOf(EventError);
    expect(error.message).not.toMatch(/ResourceNotFound|Exception/);
    await rejection(events.list({}, SERVICE), StoreUnavailableError);
    await rejection(events.create(validInput(), SERVICE), StoreUnavailableError);
  });

  it("a store that cannot be reached is StoreUnavailableError for every operation", async () => {
    const store = await startStore();
    const deadClient = createDynamoClient({ endpoint: store.endpoint, maxAttempts: 1 });
    await ensureTable(deadClient, "Events");
    const { events, registrations, isReachable } = createServices({ client: deadClient, tableName: "Events" });
    const event = await events.create(validInput({ status: "published" }), SERVICE);
    await store.close();
    try {
      expect(await isTableReachable(deadClient, "Events")).toBe(false);
      expect(await isReachable()).toBe(false);
      // An idempotent create first looks for the key's record: that read too is the store being unavailable.
      await rejection(events.create(validInput(), SERVICE, { idempotencyKey: "retry-1", idempotencyScope: "test" }), StoreUnavailableError);
      await rejection(registrations.create(event.eventId, { userId: "u" }, SERVICE, { idempotencyKey: "retry-2", idempotencyScope: "test" }), StoreUnavailableError);
      await rejection(events.get(event.eventId, SERVICE), StoreUnavailableError);
      await rejection(events.list({}, SERVICE), StoreUnavailableError);
      await rejection(events.create(validInput(), SERVICE), StoreUnavailableError);
      await rejection(events.update(event.eventId, { title: "x" }, SERVICE), StoreUnavailableError);
      await rejection(events.delete(event.eventId, SERVICE), StoreUnavailableError);
    } finally {
      deadClient.destroy();
    }
  });

  it("validation still comes first: a bad request never reaches the store", async () => {
    const events = createServices({ client, tableName: "NoSuchTable" }).events;
    // these fail on the input, before any store call
    expect(schemaError(CreateEventInputSchema, { ...validInput(), capacity: 0 })).toHaveProperty("name", "ZodError");
    await expect(events.update("x", {}, SERVICE)).rejects.toHaveProperty("name", "NoChangesError");
    await expect(events.list({ from: "2024-02-01", to: "2024-01-01" }, SERVICE)).rejects.toHaveProperty(
      "name",
      "InvalidQueryError",
    );
    await expect(events.get("bad id", SERVICE)).rejects.toHaveProperty("name", "EventNotFoundError");
  });
});

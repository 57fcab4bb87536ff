/**
 * ElectroDB's service.transaction.write/get on both stores, with the caveats the
 * product must live with: .go() resolves with canceled: true instead of throwing,
 * created items come back as null, and a comparison of two attributes is written
 * as `${name(a)} < ${name(b)}` (capacity, status and position are reserved words).
 */
import { Entity, Service } from "electrodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal, startEmbeddedStore, type RunningStore } from "../src/index.js";
import { clientFor, createTable, tableName } from "./conformance-helpers.js";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

const stores = [
  { store: "the embedded store (patched dynalite)", start: () => startEmbeddedStore() },
  { store: "DynamoDB Local", start: () => startDynamoDbLocal() },
];

function places(client: DynamoDBClient) {
  const session = new Entity(
    {
      model: { entity: "session", version: "1", service: "conformance" },
      attributes: {
        sessionId: { type: "string", required: true },
        capacity: { type: "number", required: true },
        taken: { type: "number", required: true, default: 0 },
        status: { type: "string", required: true, default: "open" },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["sessionId"] }, sk: { field: "sk", composite: [] } },
      },
    },
    { client, table: tableName },
  );
  const seat = new Entity(
    {
      model: { entity: "seat", version: "1", service: "conformance" },
      attributes: {
        sessionId: { type: "string", required: true },
        person: { type: "string", required: true },
        position: { type: "number", required: true },
      },
      indexes: {
        primary: { pk: { field: "pk", composite: ["sessionId"] }, sk: { field: "sk", composite: ["person"] } },
        bySession: {
          index: "byGroup",
          pk: { field: "gsi1pk", composite: ["sessionId"] },
          sk: { field: "gsi1sk", composite: ["position"] },
        },
      },
    },
    { client, table: tableName },
  );
  return new Service({ session, seat });
}

describe.each(stores)("ElectroDB transactions on $store", ({ start }) => {
  let store: RunningStore;
  let client: DynamoDBClient;
  let service: ReturnType<typeof places>;

  beforeAll(async () => {
    store = await start();
    client = clientFor(store);
    await createTable(client);
    service = places(client);
  });
  afterAll(async () => {
    client?.destroy();
    await store?.close();
  });

  const takeSeat = (sessionId: string, person: string, position: number) =>
    service.transaction
      .write(({ session, seat }) => [
        session
          .patch({ sessionId })
          .add({ taken: 1 })
          .where(({ taken, capacity, status }, { name, eq }) => `${name(taken)} < ${name(capacity)} AND ${eq(status, "open")}`)
          .commit({ response: "all_old" }),
        seat.create({ sessionId, person, position }).commit(),
      ])
      .go();

  it("writes both items or neither, resolving canceled: true when the session is full", async () => {
    await service.entities.session.create({ sessionId: "s1", capacity: 2 }).go();
    const first = await takeSeat("s1", "ada", 1);
    expect(first.canceled).toBe(false);
    expect(first.data.map((entry) => entry.item)).toEqual([null, null]);
    expect((await takeSeat("s1", "bob", 2)).canceled).toBe(false);

    const full = await takeSeat("s1", "cy", 3);
    expect(full.canceled).toBe(true);
    expect(full.data.map((entry) => [entry.rejected, entry.code])).toEqual([
      [true, "ConditionalCheckFailed"],
      [false, "None"],
    ]);
    expect(full.data[0]!.item).toMatchObject({ sessionId: "s1", capacity: 2, taken: 2 });

    const again = await takeSeat("s1", "ada", 1);
    expect(again.canceled).toBe(true);

    const seats = await service.entities.seat.query.bySession({ sessionId: "s1" }).go();
    expect(seats.data.map((found) => found.person)).toEqual(["ada", "bob"]);
  });

  it("reads a session and its seats in one transaction.get", async () => {
    await service.entities.session.create({ sessionId: "s2", capacity: 5 }).go();
    await takeSeat("s2", "dee", 1);
    const result = await service.transaction
      .get(({ session, seat }) => [
        session.get({ sessionId: "s2" }).commit(),
        seat.get({ sessionId: "s2", person: "dee" }).commit(),
        seat.get({ sessionId: "s2", person: "nobody" }).commit(),
      ])
      .go();
    expect(result.canceled).toBe(false);
    expect(result.data.map((entry) => entry.item)).toEqual([
      { sessionId: "s2", capacity: 5, taken: 1, status: "open" },
      { sessionId: "s2", person: "dee", position: 1 },
      null,
    ]);
  });
});

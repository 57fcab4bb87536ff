/**
 * The store the registration tests run on (startTestStore: EVENTS_TEST_STORE
 * picks it), with the services over a fresh table, and the invariant check
 * every registration test relies on. Registrations are written with
 * TransactWriteItems: on a store that cannot do them, every test of the file
 * fails with one clear message instead of failing later in odd ways.
 */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { DeleteItemCommand, UpdateItemCommand, TransactWriteItemsCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startTestStore, testStoreKind } from "@events/local-store";
import {
  createDynamoClient,
  createServices,
  ensureTable,
  type CreateEventInput,
  type Event,
  type EventService,
  type Registration,
  type RegistrationService,
  SERVICE,
} from "../src/index.js";
import { validInput } from "./helpers.js";

let tableCounter = 0;

export async function registrationStore() {
  const store = await startTestStore();
  // Bursts of registrations race on a shared, busy machine: generous limits, so that the store's slowness is not a failure.
  const client = createDynamoClient({ endpoint: store.endpoint, requestTimeoutMs: 15_000, connectionTimeoutMs: 10_000, maxAttempts: 5 });
  const tableName = `Registrations-${process.pid}-${++tableCounter}`;
  await ensureTable(client, tableName);
  afterAll(async () => {
    client.destroy();
    await store.close();
  });
  // Each test fails on its own (counted in the run's "N failed"), with the reason, rather than being skipped.
  let missing: string | undefined;
  beforeAll(async () => {
    missing = await transactionsMissing(client, tableName);
  });
  beforeEach(() => {
    if (missing) {
      throw new Error(
        `The ${testStoreKind()} store does not support TransactWriteItems (${missing}); registrations need it. ` +
          "Run on DynamoDB Local (EVENTS_TEST_STORE=dynamodb-local) until the embedded store speaks transactions.",
      );
    }
  });
  const { events, registrations } = createServices({ client, tableName });
  return { client, tableName, events, registrations, ...eventHelpers(events, registrations) };
}

/** Why a one-item transaction fails on this store, or undefined when it works. */
async function transactionsMissing(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: tableName, Item: { pk: { S: "probe" }, sk: { S: "probe" } } } }],
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: "probe" }, sk: { S: "probe" } } }));
    return undefined;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`.slice(0, 200);
  }
}

let idCounter = 0;
export const newId = (prefix: string) => `${prefix}-${process.pid}-${++idCounter}`;

function eventHelpers(events: EventService, registrations: RegistrationService) {
  /** A new published event (capacity, waitlist as given). */
  const openEvent = (overrides: Partial<CreateEventInput> = {}) =>
    events.create(validInput({ eventId: newId("evt"), status: "published", ...overrides }), SERVICE);

  /** Every registration of the event, all pages, in list order. */
  async function allRegistrations(eventId: string, status?: Registration["status"]): Promise<Registration[]> {
    const all: Registration[] = [];
    let cursor: string | undefined;
    do {
      const page = await registrations.list(eventId, { status, cursor, limit: 1000 }, SERVICE);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }

  /**
   * What must hold for every event at rest, checked from the lists (not only
   * the counters): the counts equal the people listed, never more registered
   * than places, nobody twice, the waitlist numbered 1..n in line order,
   * nobody waiting while a place is free, and each person's own record agrees.
   */
  async function assertInvariants(eventId: string): Promise<{ event: Event; registered: Registration[]; waitlisted: Registration[] }> {
    const event = await events.get(eventId, SERVICE);
    const listed = await allRegistrations(eventId);
    const registered = listed.filter((r) => r.status === "registered");
    const waitlisted = listed.filter((r) => r.status === "waitlisted");
    expect(listed.map((r) => r.status), "registered first, then the waitlist").toEqual([
      ...registered.map(() => "registered"),
      ...waitlisted.map(() => "waitlisted"),
    ]);
    expect(event.registeredCount, "registeredCount equals the registered people").toBe(registered.length);
    expect(event.waitlistCount, "waitlistCount equals the people waiting").toBe(waitlisted.length);
    expect(registered.length, "never more registered than places").toBeLessThanOrEqual(event.capacity);
    expect(new Set(listed.map((r) => r.userId)).size, "nobody twice").toBe(listed.length);
    expect(waitlisted.map((r) => r.position), "positions 1..n in line order").toEqual(waitlisted.map((_, i) => i + 1));
    for (const r of registered) expect(r, "no position while registered").not.toHaveProperty("position");
    if (waitlisted.length > 0) expect(registered.length, "nobody waits while a place is free").toBe(event.capacity);
    expect(await allRegistrations(eventId, "registered")).toEqual(registered);
    expect(await allRegistrations(eventId, "waitlisted")).toEqual(waitlisted);
    return { event, registered, waitlisted };
  }

  return { openEvent, allRegistrations, assertInvariants };
}

/**
 * The state a process leaves when it dies between two steps, written to the
 * store directly: the event item's capacity changed without the promotion
 * that follows it.
 */
export async function crashAfterCapacityWrite(client: DynamoDBClient, tableName: string, eventId: string, capacity: number) {
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: "$event_1" } },
      UpdateExpression: "SET #capacity = :capacity ADD #version :one",
      ExpressionAttributeNames: { "#capacity": "capacity", "#version": "version" },
      ExpressionAttributeValues: { ":capacity": { N: String(capacity) }, ":one": { N: "1" } },
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
}

/** A delete that died after removing the event item, before its registrations were removed. */
export async function crashAfterEventItemDelete(client: DynamoDBClient, tableName: string, eventId: string) {
  await client.send(
    new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: "$event_1" } } }),
  );
}

/** Runs the tasks with at most `width` in flight; results in task order. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width = tasks.length): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!().then(
        (value) => ({ status: "fulfilled", value }) as const,
        (reason: unknown) => ({ status: "rejected", reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
  return results;
}

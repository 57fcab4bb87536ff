/**
 * No orphans: a deleted event's registrations are removed even when the
 * delete's cascade is cut short, by a kill -9 of the process doing it or by
 * an outage of the store, and finished by a sweep or by the next request
 * that touches the id.
 * @module-tag embedded-store
 */
import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { QueryCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable, EventNotFoundError, SERVICE, type Services } from "@events/core";
import { createApp, jsonLogger } from "../src/index.js";
import { newEvent } from "./harness.js";
import { runUntilStoppedThenKill } from "./cut-short.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const execFileAsync = promisify(execFile);

/** Every item stored in the event's partition (the event, its registrations and their lines), read consistently. */
async function itemsOf(client: DynamoDBClient, tableName: string, eventId: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: `$events#eventId_${eventId}` } },
        ConsistentRead: true,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

/** An open event with `people` registered, written through the services. */
async function eventWithRegistrations(services: Services, eventId: string, people: number) {
  await services.events.create(newEvent({ eventId, capacity: people }), SERVICE);
  let next = 0;
  const worker = async () => {
    while (next < people) await services.registrations.create(eventId, { userId: `person-${next++}`, name: "Someone" }, SERVICE);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** Runs the deleting process until it has stored `steps` transactions, then kill -9. */
async function deleteAndKill(endpoint: string, tableName: string, eventId: string, steps: number) {
  await runUntilStoppedThenKill("delete-cut-short.ts", [endpoint, tableName, eventId, String(steps)]);
}

describe("a delete's cascade cut short by kill -9", async () => {
  const store = await startStore();
  const client = createDynamoClient({ endpoint: store.endpoint, requestTimeoutMs: 15_000, maxAttempts: 5 });
  afterAll(async () => {
    client.destroy();
    await store.close();
  });

  it("500 registrations: killed mid-way, then a sweep after the restart leaves no item of the event", { timeout: 180_000 }, async () => {
    await ensureTable(client, "Sweep");
    const before = createServices({ client, tableName: "Sweep" });
    await eventWithRegistrations(before, "doomed", 500);
    expect(await itemsOf(client, "Sweep", "doomed")).toBe(1 + 2 * 500);

    // The delete's own transaction, then two steps of its cascade, then the kill.
    await deleteAndKill(store.endpoint, "Sweep", "doomed", 3);
    const left = await itemsOf(client, "Sweep", "doomed");
    expect(left, "the kill came in the middle of the cascade").toBeGreaterThan(0);
    expect(left).toBeLessThan(2 * 500);

    const restarted = createServices({ client, tableName: "Sweep" });
    expect(await restarted.finishDeletions()).toBe(1);
    expect(await itemsOf(client, "Sweep", "doomed")).toBe(0);
    expect(await restarted.finishDeletions()).toBe(0);
    expect((await restarted.registrations.listByUser("person-7", {}, SERVICE)).items).toEqual([]);
  });

  it("killed mid-way, then finished by the deployed sweep (packages/api/src/sweep.ts, the scheduled function)", { timeout: 120_000 }, async () => {
    await ensureTable(client, "Scheduled");
    await eventWithRegistrations(createServices({ client, tableName: "Scheduled" }), "swept", 100);
    await deleteAndKill(store.endpoint, "Scheduled", "swept", 2);
    expect(await itemsOf(client, "Scheduled", "swept")).toBeGreaterThan(0);

    const sweep = pathToFileURL(join(repoRoot, "packages/api/src/sweep.ts")).href;
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", `const { handler } = await import(${JSON.stringify(sweep)}); console.log("RESULT " + JSON.stringify(await handler()));`],
      // As the function runs deployed: only the table's name and the store (no SST link outside SST).
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", DYNAMODB_TABLE_NAME: "Scheduled", AWS_ENDPOINT_URL_DYNAMODB: store.endpoint, AWS_REGION: "us-east-1" } },
    );
    expect(JSON.parse(/^RESULT (.*)$/m.exec(stdout)![1]!)).toEqual({ finished: 1, rekeyed: 0 });
    expect(await itemsOf(client, "Scheduled", "swept")).toBe(0);
  });

  it("killed mid-way, then finished by the next request that touches the id (a get, a registration, a create)", { timeout: 180_000 }, async () => {
    await ensureTable(client, "Touch");
    const services = createServices({ client, tableName: "Touch" });
    const touches = [
      () => services.events.get("touched-0", SERVICE),
      () => services.registrations.create("touched-1", { userId: "late" }, SERVICE),
      () => services.events.create(newEvent({ eventId: "touched-2" }), SERVICE),
    ];
    for (const [n, touch] of touches.entries()) {
      const eventId = `touched-${n}`;
      await eventWithRegistrations(services, eventId, 100);
      await deleteAndKill(store.endpoint, "Touch", eventId, 2);
      expect(await itemsOf(client, "Touch", eventId)).toBeGreaterThan(0);
      await touch().catch((error: unknown) => expect(error).toBeInstanceOf(EventNotFoundError));
      const expected = n === 2 ? 1 : 0; // the created event itself
      expect(await itemsOf(client, "Touch", eventId), eventId).toBe(expected);
    }
    expect(await services.finishDeletions()).toBe(0);
  });
});

describe("a delete's cascade cut short by an outage of the store", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "events-orphans-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("DELETE answers 204; once the store is back, the next GET (404) finishes the cascade", { timeout: 120_000 }, async () => {
    const first = await startStore({ dataDir });
    const port = Number(new URL(first.endpoint).port);
    const client = createDynamoClient({ endpoint: first.endpoint, requestTimeoutMs: 15_000 });
    await ensureTable(client, "Events");
    const services = createServices({ client, tableName: "Events" });
    const app = createApp({ events: services.events, registrations: services.registrations, isStoreReachable: services.isReachable, log: jsonLogger("silent") });
    await eventWithRegistrations(services, "outage", 120);

    // The store goes away after the delete's own transaction and one step of the cascade.
    let stored = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "TransactWriteItemsCommand" && ++stored === 2) await first.close();
        return result;
      },
      { step: "initialize", name: "outage" },
    );
    expect((await app.request("/events/outage", { method: "DELETE" })).status).toBe(204);
    client.middlewareStack.remove("outage");
    expect((await app.request("/events/outage")).status).toBe(503);

    const second = await startStore({ dataDir, port });
    try {
      const left = await itemsOf(client, "Events", "outage");
      expect(left, "the outage came in the middle of the cascade").toBeGreaterThan(0);
      expect((await app.request("/events/outage")).status).toBe(404);
      expect(await itemsOf(client, "Events", "outage")).toBe(0);
      expect(await services.finishDeletions()).toBe(0);
    } finally {
      client.destroy();
      await second.close();
    }
  });
});

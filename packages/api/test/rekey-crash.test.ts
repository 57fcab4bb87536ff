/**
 * A change of date whose re-keying of the registrations is cut short by a
 * kill -9 of the process doing it: every person's list still holds the event
 * exactly once (in its old place or its new), and the next change to the
 * event finishes the re-key.
 */
import { afterAll, describe, expect, it } from "vitest";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable, SERVICE } from "@events/core";
import { newEvent } from "./harness.js";
import { runUntilStoppedThenKill } from "./cut-short.js";
const PEOPLE = 40;

describe("a re-key cut short by kill -9", async () => {
  const store = await startStore();
  const client = createDynamoClient({ endpoint: store.endpoint, requestTimeoutMs: 15_000, maxAttempts: 5 });
  afterAll(async () => {
    client.destroy();
    await store.close();
  });
  await ensureTable(client, "Rekey");
  const services = createServices({ client, tableName: "Rekey" });

  /** The orderVersion each of the event's registrations carries, read from the table. */
  async function keyedVersions(eventId: string): Promise<number[]> {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: "Rekey",
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues: { ":pk": { S: `$events#eventId_${eventId}` }, ":sk": { S: "$registration_1#" } },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => Number(item.orderVersion?.N ?? -1));
  }

  /** Every event id of the person's list, a page of one at a time. */
  async function listed(userId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await services.registrations.listByUser(userId, { limit: 1, ...(cursor === undefined ? {} : { cursor }) }, SERVICE);
      ids.push(...page.items.map((item) => item.eventId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  /** Moves the event in a process of its own, killed once `writes` re-key writes are stored. */
  async function moveAndKill(eventId: string, date: string, writes: number) {
    await runUntilStoppedThenKill("rekey-cut-short.ts", [store.endpoint, "Rekey", eventId, date, String(writes)]);
  }

  it(`${PEOPLE} people: killed mid-way, each list holds the event once; the next change finishes the re-key`, { timeout: 120_000 }, async () => {
    await services.events.create(newEvent({ eventId: "moving", date: "2030-06-01", capacity: PEOPLE }), SERVICE);
    await services.events.create(newEvent({ eventId: "staying", date: "2030-03-01", capacity: PEOPLE }), SERVICE);
    const people = Array.from({ length: PEOPLE }, (_, i) => `person-${i}`);
    let next = 0;
    const worker = async () => {
      while (next < people.length) {
        const userId = people[next++]!;
        for (const eventId of ["moving", "staying"]) await services.registrations.create(eventId, { userId }, SERVICE);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const lists = () => Promise.all(people.map(listed));
    await expect.poll(lists, { timeout: 10_000 }).toEqual(people.map(() => ["staying", "moving"]));

    await moveAndKill("moving", "2030-01-01", 10);
    expect((await services.events.get("moving", SERVICE)).date, "the change itself was stored").toBe("2030-01-01");
    // The writes the killed process had in flight may still land after the kill: the lists are compared with the
    // keys as they are at the same moment. For that moment some lists show the old order, the others the new:
    // never the event missing or twice.
    let moved = 0;
    await expect
      .poll(async () => {
        const now = await lists();
        for (const list of now) expect([...list].sort()).toEqual(["moving", "staying"]);
        moved = (await keyedVersions("moving")).filter((v) => v === 1).length;
        return now.filter((list) => list[0] === "moving").length === moved;
      }, { timeout: 10_000 })
      .toBe(true);
    expect(moved, "the kill came in the middle of the re-key").toBeGreaterThanOrEqual(10);
    expect(moved).toBeLessThan(PEOPLE);

    // Restarted: the next change to the event (any field) finishes it.
    await services.events.update("moving", { title: "Moved to January" }, SERVICE);
    expect(await keyedVersions("moving")).toEqual(people.map(() => 1));
    await expect.poll(lists, { timeout: 10_000 }).toEqual(people.map(() => ["moving", "staying"]));
    expect(await services.finishRekeys(), "no re-key left for the sweep").toBe(0);
  });

  it("killed right after the change commits, before any re-key write: the sweep finds the re-key and finishes it", { timeout: 60_000 }, async () => {
    const people = Array.from({ length: PEOPLE }, (_, i) => `person-${i}`);
    const lists = () => Promise.all(people.map(listed));
    const before = Math.max(...(await keyedVersions("moving")));

    await moveAndKill("moving", "2030-12-01", 0);
    expect((await services.events.get("moving", SERVICE)).date, "the change itself was stored").toBe("2030-12-01");
    expect(await keyedVersions("moving"), "nothing re-keyed before the kill").toEqual(people.map(() => before));
    expect(await lists(), "every list in the old order").toEqual(people.map(() => ["moving", "staying"]));

    // Nobody changes the event again: only the record written with the change can bring the sweep to it.
    expect(await services.finishRekeys(), "the sweep found the re-key").toBe(1);
    expect(await keyedVersions("moving")).toEqual(people.map(() => before + 1));
    await expect.poll(lists, { timeout: 10_000 }).toEqual(people.map(() => ["staying", "moving"]));
  });
});

/**
 * A person's list is an index query in the order it returns: registrations
 * are keyed by their event's date order, re-keyed in steps when the date
 * changes (a re-key cut short is finished by the next change), and
 * registrations stored before that keying are still listed, and keyed.
 */
import { describe, expect, it } from "vitest";
import { QueryCommand, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createServices, SERVICE, type RegistrationService } from "../src/index.js";
import { recordCommands } from "./helpers.js";
import { crashAfterEventItemDelete, inParallel, newId, registrationStore } from "./registration-store.js";

const { client, tableName, events, registrations, openEvent } = await registrationStore();

/** Every event id of the person's list, over all its pages. */
async function listed(service: RegistrationService, userId: string, limit = 100): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.listByUser(userId, { limit, ...(cursor === undefined ? {} : { cursor }) }, SERVICE);
    ids.push(...page.items.map((item) => item.eventId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** The orderVersion each registration of the event carries, read from the table. */
async function keyedVersions(db: DynamoDBClient, eventId: string): Promise<number[]> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": { S: `$events#eventId_${eventId}` }, ":sk": { S: "$registration_1#" } },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => Number(item.orderVersion?.N ?? -1));
}

describe("a person's list in the index's order", () => {
  it("follows a change of date, and a page reads what it returns", async () => {
    const userId = newId("user");
    const ids = [];
    for (const date of ["2030-03-01", "2030-01-01", "2030-02-01", "2030-05-01", "2030-04-01"]) {
      const { eventId } = await openEvent({ date });
      await registrations.create(eventId, { userId }, SERVICE);
      ids.push(eventId);
    }
    const [march, january, february, may, april] = ids as [string, string, string, string, string];
    await expect.poll(() => listed(registrations, userId, 2)).toEqual([january, february, march, april, may]);

    await events.update(january, { date: "2030-06-01T10:00:00+02:00" }, SERVICE);
    await expect.poll(() => listed(registrations, userId, 2)).toEqual([february, march, april, may, january]);

    const recorder = recordCommands(client);
    const page = await registrations.listByUser(userId, { limit: 2 }, SERVICE);
    recorder.stop();
    expect(page.items.map((item) => item.eventId)).toEqual([february, march]);
    const indexItems = recorder.commands
      .filter((c) => c.commandName === "QueryCommand" && c.input.IndexName === "gsi3")
      .reduce((sum, c) => sum + Number(c.output.Count ?? 0), 0);
    expect(indexItems, "the page and one more, not the person's whole list").toBe(3);
  });

  it("with a status, a page still reads `limit` index entries and one more: the other status is passed over, not read through", async () => {
    const userId = newId("user");
    const waitlisted: string[] = [];
    // 12 registered places, and 2 waitlisted ones at the latest dates: the first pages of `waitlisted` hold none.
    for (let day = 1; day <= 14; day++) {
      const { eventId } = await openEvent({ date: `2031-01-${String(day).padStart(2, "0")}`, capacity: 1, waitlistEnabled: true });
      if (day > 12) {
        await registrations.create(eventId, { userId: newId("first") }, SERVICE);
        waitlisted.push(eventId);
      }
      await registrations.create(eventId, { userId }, SERVICE);
    }
    await expect.poll(() => listed(registrations, userId)).toHaveLength(14);

    const recorder = recordCommands(client);
    const first = await registrations.listByUser(userId, { limit: 5, status: "waitlisted" }, SERVICE);
    recorder.stop();
    expect(first.items, "the first 5 entries are all registered").toEqual([]);
    expect(first.nextCursor, "an empty page still leads on").not.toBeNull();
    const queries = recorder.commands.filter((c) => c.commandName === "QueryCommand" && c.input.IndexName === "gsi3");
    const indexItems = queries.reduce((sum, c) => sum + Number(c.output.ScannedCount ?? c.output.Count ?? 0), 0);
    expect(indexItems, "the page's entries and one more, not the person's whole list").toBe(6);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await registrations.listByUser(userId, { limit: 5, status: "waitlisted", ...(cursor === undefined ? {} : { cursor }) }, SERVICE);
      for (const item of page.items) expect(item.status).toBe("waitlisted");
      pages.push(page.items.map((item) => item.eventId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat(), "every waitlisted place once, in date order").toEqual(waitlisted);
    expect(pages).toHaveLength(3);
  });

  /** An event whose change of date was cut short by a failure after 30 of its 60 registrations were re-keyed. */
  async function rekeyCutShort() {
    const moving = await openEvent({ date: "2030-06-01", capacity: 60 });
    const fixed = await openEvent({ date: "2030-03-01", capacity: 60 });
    const people = Array.from({ length: 60 }, (_, i) => `${moving.eventId}-person-${i}`);
    await inParallel(
      people.flatMap((userId) => [moving, fixed].map((event) => () => registrations.create(event.eventId, { userId }, SERVICE))),
      8,
    );
    let rekeyed = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { UpdateExpression?: string };
        if (context.commandName === "UpdateItemCommand" && input.UpdateExpression?.includes("#eventOrder") && ++rekeyed > 30) {
          throw Object.assign(new Error("injected outage"), { name: "TimeoutError" });
        }
        return next(args);
      },
      { step: "initialize", name: "outage" },
    );
    try {
      expect((await events.update(moving.eventId, { date: "2030-01-01" }, SERVICE)).date).toBe("2030-01-01");
    } finally {
      client.middlewareStack.remove("outage");
    }
    expect((await keyedVersions(client, moving.eventId)).filter((v) => v === 1).length, "cut short mid-way").toBe(30);
    /** How many people's lists show the moved event first; each list holds both events once. */
    const inNewOrder = async () => {
      const lists = await Promise.all(people.map((userId) => listed(registrations, userId, 1)));
      for (const list of lists) expect([...list].sort(), "each listed once").toEqual([moving.eventId, fixed.eventId].sort());
      return lists.filter((list) => list[0] === moving.eventId).length;
    };
    await expect.poll(inNewOrder).toBe(30); // the others in the old order, for that moment
    return { moving, people, inNewOrder };
  }

  it("a re-key cut short by a failure: never a missing or doubled entry; the next change finishes it", { timeout: 120_000 }, async () => {
    const { moving, people, inNewOrder } = await rekeyCutShort();
    await events.update(moving.eventId, { title: "Moved to January" }, SERVICE);
    expect(await keyedVersions(client, moving.eventId)).toEqual(people.map(() => 1));
    await expect.poll(inNewOrder).toBe(60);
  });

  it("a re-key cut short is finished by the sweep (finishRekeys) when no change follows", { timeout: 120_000 }, async () => {
    const { moving, people, inNewOrder } = await rekeyCutShort();
    const services = createServices({ client, tableName });
    expect(await services.finishRekeys()).toBeGreaterThanOrEqual(1);
    expect(await keyedVersions(client, moving.eventId)).toEqual(people.map(() => 1));
    await expect.poll(inNewOrder).toBe(60);
    expect(await services.finishRekeys(), "nothing left to do").toBe(0);
  });

  it("lists registrations stored before the index was ordered by date, and keys them", async () => {
    const userId = newId("user");
    const later = await openEvent({ date: "2030-09-01" });
    const earlier = await openEvent({ date: "2030-08-01" });
    const newest = await openEvent({ date: "2030-10-01" });
    for (const { eventId } of [later, earlier, newest]) await registrations.create(eventId, { userId }, SERVICE);
    // As stored before: keyed by event id, without the date order.
    for (const { eventId } of [later, earlier]) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: `$registration_1#userId_${userId}` } },
          UpdateExpression: "SET gsi3sk = :old REMOVE eventOrder, orderVersion",
          ExpressionAttributeValues: { ":old": { S: `$registration_1#eventId_${eventId}` } },
        }),
      );
    }
    // Polled: the user index may lag behind the table, as a global index does on DynamoDB.
    await expect.poll(() => listed(registrations, userId)).toEqual([earlier.eventId, later.eventId, newest.eventId]);
    expect([...(await keyedVersions(client, later.eventId)), ...(await keyedVersions(client, earlier.eventId))]).toEqual([0, 0]);
    // An old-format registration of an event whose delete did not finish: removed, not listed.
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: `$events#eventId_${newest.eventId}` }, sk: { S: `$registration_1#userId_${userId}` } },
        UpdateExpression: "SET gsi3sk = :old REMOVE eventOrder, orderVersion",
        ExpressionAttributeValues: { ":old": { S: `$registration_1#eventId_${newest.eventId}` } },
      }),
    );
    await crashAfterEventItemDelete(client, tableName, newest.eventId);
    // A list that finds the old-format entry removes it (the index may show it only on a later read).
    const listedAndLeft = async () => ({ listed: await listed(registrations, userId), left: await keyedVersions(client, newest.eventId) });
    await expect.poll(listedAndLeft).toEqual({ listed: [earlier.eventId, later.eventId], left: [] });
  });
});

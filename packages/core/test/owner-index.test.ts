/**
 * One owner's events (`listByOwner`): an index query on the owner index, in
 * date order, paged and filtered like `list`; events without an owner are not
 * in it, and a hand-over moves the event from one owner's list to the other's.
 */
import { describe, expect, it, vi } from "vitest";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE, SERVICE, type Actor, type Event, type ListEventsInput } from "../src/index.js";
import { recordCommands, validInput } from "./helpers.js";
import { newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, client, tableName } = await registrationStore();

const person = (userId: string): Actor => ({ kind: "person", userId });
const ANYONE: Actor = { kind: "anyone" };

async function allOf(ownerId: string, query: ListEventsInput, actor: Actor) {
  const items: Event[] = [];
  let cursor: string | undefined;
  do {
    const page = await events.listByOwner(ownerId, { ...query, cursor }, actor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items.map((e) => e.eventId);
}

const storedItem = async (eventId: string) =>
  (
    await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: "$event_1" } } }),
    )
  ).Item!;

describe("listByOwner", () => {
  it("lists that owner's events in date order, paged, by status, drafts only for the owner and services", async () => {
    const owner = newId("owner");
    const me = person(owner);
    const dates = ["2031-03-01", "2031-01-01T10:00:00+02:00", "2031-02-01", "2031-01-01"];
    const made: Event[] = [];
    for (const [i, date] of dates.entries()) {
      made.push(await events.create(validInput({ eventId: newId("o"), date, status: i % 2 === 0 ? "published" : "draft" }), me));
    }
    await events.create(validInput({ eventId: newId("other"), status: "published" }), person(newId("someone")));
    const byDate = [made[1]!, made[3]!, made[2]!, made[0]!];
    byDate.sort((a, b) => (new Date(a.date) < new Date(b.date) ? -1 : 1));
    const inOrder = byDate.map((e) => e.eventId);

    expect(await allOf(owner, { limit: 1 }, me)).toEqual(inOrder);
    expect(await allOf(owner, { limit: 3 }, SERVICE)).toEqual(inOrder);
    const published = inOrder.filter((id) => made.find((e) => e.eventId === id)!.status === "published");
    const drafts = inOrder.filter((id) => !published.includes(id));
    expect(await allOf(owner, { limit: 1 }, ANYONE)).toEqual(published);
    expect(await allOf(owner, {}, person("stranger"))).toEqual(published);
    expect(await allOf(owner, { status: "draft" }, me)).toEqual(drafts);
    expect(await allOf(owner, { status: "draft" }, ANYONE)).toEqual([]);
    expect(await allOf(owner, { status: "published", limit: 1 }, ANYONE)).toEqual(published);
    expect(await allOf(owner, { from: "2031-02-01" }, me)).toEqual(inOrder.slice(2));
  });

  it("reads the owner index with a Query, never a Scan", async () => {
    const owner = newId("owner");
    await events.create(validInput({ eventId: newId("o"), status: "published" }), person(owner));
    const recorder = recordCommands(client);
    try {
      await events.listByOwner(owner, {}, ANYONE);
    } finally {
      recorder.stop();
    }
    expect(recorder.names()).toEqual(["QueryCommand"]);
    expect(recorder.commands[0]!.input.IndexName).toBe(EVENTS_TABLE.globalIndexes.byOwner.indexName);
  });

  it("an event without an owner has no owner index key", async () => {
    const event = await events.create(validInput({ eventId: newId("none") }), SERVICE);
    expect((await storedItem(event.eventId)).gsi4pk).toBeUndefined();
  });

  it("an event without an owner (as every event stored before owners) is given one by a service: it joins that person's list", async () => {
    const owner = newId("given");
    const event = await events.create(validInput({ eventId: newId("ownerless"), status: "published" }), SERVICE);
    expect((await events.update(event.eventId, { ownerId: owner }, SERVICE)).ownerId).toBe(owner);
    expect((await storedItem(event.eventId)).gsi4pk).toEqual({ S: owner });
    expect(await allOf(owner, {}, person(owner))).toEqual([event.eventId]);
    expect((await events.update(event.eventId, { title: "Theirs now" }, person(owner))).title).toBe("Theirs now");
  });

  it("a hand-over moves the event to the new owner's list; a date change keeps its order", async () => {
    const [a, b] = [newId("a"), newId("b")];
    const event = await events.create(validInput({ eventId: newId("moved"), status: "published", date: "2032-05-01" }), person(a));
    const earlier = await events.create(validInput({ eventId: newId("b-own"), status: "published", date: "2032-04-01" }), person(b));
    await events.update(event.eventId, { ownerId: b }, SERVICE);
    expect(await allOf(a, {}, SERVICE)).toEqual([]);
    expect(await allOf(b, {}, SERVICE)).toEqual([earlier.eventId, event.eventId]);
    expect((await storedItem(event.eventId)).gsi4pk).toEqual({ S: b });
    await events.update(event.eventId, { date: "2032-03-01" }, person(b));
    expect(await allOf(b, {}, SERVICE)).toEqual([event.eventId, earlier.eventId]);
  });
});

/**
 * Drafts are seen only by their owner and services: to everyone else a draft
 * is a missing event (by id, for a write, for a registration) and lists leave
 * it out, with pages that stay full and cursors that skip nothing.
 */
import { describe, expect, it, vi } from "vitest";
import { EVENTS_TABLE, EventNotFoundError, EventNotOpenError, ForbiddenError, SERVICE, type Actor, type Event, type ListEventsInput } from "../src/index.js";
import { recordCommands, rejection, validInput } from "./helpers.js";
import { newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, registrations, client } = await registrationStore();

const person = (userId: string): Actor => ({ kind: "person", userId });
const ANYONE: Actor = { kind: "anyone" };
const ada = person("ada");
const bob = person("bob");

/** Every page of a list, and the size of each page. */
async function allPages(query: ListEventsInput, actor: Actor) {
  const items: Event[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await events.list({ ...query, cursor }, actor);
    items.push(...page.items);
    sizes.push(page.items.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids: items.map((e) => e.eventId), sizes };
}

// One table per test file: each date range below holds only that test's events.
let day = 0;
const nextDay = () => `2030-01-${String(++day).padStart(2, "0")}`;

describe("a draft by id", () => {
  it("is EventNotFoundError to anyone and other people; its owner and services see it", async () => {
    const draft = await events.create(validInput({ eventId: newId("draft") }), ada);
    expect(draft.status).toBe("draft");
    await rejection(events.get(draft.eventId, bob), EventNotFoundError);
    await rejection(events.get(draft.eventId, ANYONE), EventNotFoundError);
    expect(await events.get(draft.eventId, ada)).toEqual(draft);
    expect(await events.get(draft.eventId, SERVICE)).toEqual(draft);
    expect((await events.getMany([draft.eventId], bob)).length).toBe(0);
    expect(await events.getMany([draft.eventId], ada)).toEqual([draft]);
  });

  it("a draft without owner is seen by services only", async () => {
    const draft = await events.create(validInput({ eventId: newId("draft") }), SERVICE);
    await rejection(events.get(draft.eventId, ada), EventNotFoundError);
    expect((await events.get(draft.eventId, SERVICE)).eventId).toBe(draft.eventId);
  });

  it("writes and registrations on someone else's draft are EventNotFoundError, not ForbiddenError", async () => {
    const draft = await events.create(validInput({ eventId: newId("draft") }), ada);
    await rejection(events.update(draft.eventId, { title: "x" }, bob), EventNotFoundError);
    // Naming another owner is a 403 only on an event the person sees.
    await rejection(events.update(draft.eventId, { ownerId: "carol" }, bob), EventNotFoundError);
    await rejection(events.update(draft.eventId, { ownerId: "carol", title: "x" }, bob), EventNotFoundError);
    await rejection(events.update(draft.eventId, { ownerId: "bob" }, ada), ForbiddenError);
    await rejection(events.delete(draft.eventId, bob), EventNotFoundError);
    await rejection(registrations.create(draft.eventId, {}, bob), EventNotFoundError);
    await rejection(registrations.list(draft.eventId, {}, bob), EventNotFoundError);
    await rejection(registrations.get(draft.eventId, "bob", bob), EventNotFoundError);
    await rejection(registrations.delete(draft.eventId, "bob", bob), EventNotFoundError);
    // Its owner sees it, so what they get is the draft's own answer.
    await rejection(registrations.create(draft.eventId, {}, ada), EventNotOpenError);
    expect((await events.get(draft.eventId, SERVICE)).version).toBe(draft.version);
  });
});

describe("lists", () => {
  it("leave out the drafts the caller may not see, with and without a status", async () => {
    const date = nextDay();
    const make = (actor: Actor, status: Event["status"]) =>
      events.create(validInput({ eventId: newId("l"), date, status }), actor);
    const adaDraft = await make(ada, "draft");
    const bobDraft = await make(bob, "draft");
    const ownerless = await make(SERVICE, "draft");
    const open = await make(bob, "published");
    const range = { from: date, to: date };
    const ids = async (query: ListEventsInput, actor: Actor) => (await allPages({ ...range, ...query }, actor)).ids.sort();

    expect(await ids({}, ANYONE)).toEqual([open.eventId].sort());
    expect(await ids({}, ada)).toEqual([adaDraft.eventId, open.eventId].sort());
    expect(await ids({}, bob)).toEqual([bobDraft.eventId, open.eventId].sort());
    expect(await ids({}, SERVICE)).toEqual([adaDraft.eventId, bobDraft.eventId, ownerless.eventId, open.eventId].sort());

    expect(await ids({ status: "draft" }, ANYONE)).toEqual([]);
    expect(await ids({ status: "draft" }, ada)).toEqual([adaDraft.eventId]);
    expect(await ids({ status: "draft" }, bob)).toEqual([bobDraft.eventId]);
    expect(await ids({ status: "draft" }, SERVICE)).toEqual([adaDraft.eventId, bobDraft.eventId, ownerless.eventId].sort());
    expect(await ids({ status: "published" }, ANYONE)).toEqual([open.eventId]);
  });

  it("a person's drafts come from the owner index, not a filter over everyone's drafts", async () => {
    const recorder = recordCommands(client);
    try {
      await events.list({ status: "draft" }, ada);
    } finally {
      recorder.stop();
    }
    expect(recorder.names()).toEqual(["QueryCommand"]);
    expect(recorder.commands[0]!.input.IndexName).toBe(EVENTS_TABLE.globalIndexes.byOwner.indexName);
  });

  it("pages stay full and the cursor skips nothing when hidden drafts sit between visible events", async () => {
    const date = nextDay();
    const visible: string[] = [];
    for (let i = 0; i < 12; i++) {
      // Ids sort by number within the day: alternate runs of hidden drafts and visible events.
      const eventId = `page-${String(i).padStart(2, "0")}-${newId("p")}`;
      const hidden = i % 3 !== 0;
      await events.create(validInput({ eventId, date, status: hidden ? "draft" : "published" }), hidden ? bob : SERVICE);
      if (!hidden) visible.push(eventId);
    }
    const { ids, sizes } = await allPages({ from: date, to: date, limit: 2 }, ada);
    expect(ids).toEqual(visible);
    expect(sizes).toEqual([2, 2]);
    const all = await allPages({ from: date, to: date, limit: 5 }, bob);
    expect(all.ids.length).toBe(12);
    expect(all.sizes).toEqual([5, 5, 2]);
  });
});

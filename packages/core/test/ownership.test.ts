/**
 * Who owns an event and who may change it: a person creating becomes its
 * owner, only services set or change owners, and a person's update or delete
 * holds only while the event is theirs, checked in the write itself.
 */
import { describe, expect, it, vi } from "vitest";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  EventNotFoundError,
  ForbiddenError,
  NoChangesError,
  SERVICE,
  VersionMismatchError,
  type Actor,
} from "../src/index.js";
import { rejection, validInput } from "./helpers.js";
import { inParallel, newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, client, tableName } = await registrationStore();

const person = (userId: string): Actor => ({ kind: "person", userId });
const ANYONE: Actor = { kind: "anyone" };
const ada = person("ada");
const bob = person("bob");

const published = (actor: Actor, overrides: Parameters<typeof validInput>[0] = {}) =>
  events.create(validInput({ eventId: newId("own"), status: "published", ...overrides }), actor);

describe("create", () => {
  it("a person becomes the owner; naming themselves is fine, naming another is ForbiddenError", async () => {
    expect((await published(ada)).ownerId).toBe("ada");
    expect((await published(ada, { ownerId: "ada" })).ownerId).toBe("ada");
    const eventId = newId("own");
    await rejection(events.create(validInput({ eventId, ownerId: "bob" }), ada), ForbiddenError);
    await rejection(events.get(eventId, SERVICE), EventNotFoundError);
  });

  it("a service sets any owner or none; an event without one has no ownerId field", async () => {
    expect((await published(SERVICE, { ownerId: "bob" })).ownerId).toBe("bob");
    const ownerless = await published(SERVICE);
    expect(ownerless).not.toHaveProperty("ownerId");
    expect(await events.get(ownerless.eventId, ada)).not.toHaveProperty("ownerId");
  });

  it("anyone cannot create", async () => {
    await rejection(events.create(validInput(), ANYONE), ForbiddenError);
  });
});

describe("update and delete", () => {
  it("the owner may; another person gets ForbiddenError and nothing changes", async () => {
    const event = await published(ada);
    await rejection(events.update(event.eventId, { title: "Bob's now" }, bob), ForbiddenError);
    await rejection(events.delete(event.eventId, bob), ForbiddenError);
    expect(await events.get(event.eventId, SERVICE)).toEqual(event);
    const updated = await events.update(event.eventId, { title: "Ada's still" }, ada);
    expect(updated).toMatchObject({ title: "Ada's still", ownerId: "ada", version: 2 });
    await events.delete(event.eventId, ada);
    await rejection(events.get(event.eventId, SERVICE), EventNotFoundError);
  });

  it("an event without an owner is managed by services only", async () => {
    const event = await published(SERVICE);
    await rejection(events.update(event.eventId, { title: "Mine" }, ada), ForbiddenError);
    await rejection(events.delete(event.eventId, ada), ForbiddenError);
    expect((await events.update(event.eventId, { title: "Service" }, SERVICE)).title).toBe("Service");
  });

  it("a missing event is EventNotFoundError for a person too", async () => {
    await rejection(events.update(newId("none"), { title: "x" }, ada), EventNotFoundError);
    await rejection(events.delete(newId("none"), ada), EventNotFoundError);
  });

  it("the owner's version precondition still decides: VersionMismatchError", async () => {
    const event = await published(ada);
    await rejection(events.update(event.eventId, { title: "x" }, ada, { expectedVersions: [7] }), VersionMismatchError);
    await rejection(events.delete(event.eventId, ada, { expectedVersions: [7] }), VersionMismatchError);
    // Not theirs and the wrong version: not theirs comes first.
    await rejection(events.update(event.eventId, { title: "x" }, bob, { expectedVersions: [7] }), ForbiddenError);
    expect((await events.update(event.eventId, { title: "x" }, ada, { expectedVersions: [1] })).version).toBe(2);
  });

  it("a person may not change the owner; naming themselves changes nothing (GET → edit → PUT)", async () => {
    const event = await published(ada);
    await rejection(events.update(event.eventId, { ownerId: "bob" }, ada), ForbiddenError);
    await rejection(events.update(event.eventId, { ownerId: "ada" }, ada), NoChangesError);
    const { eventId, ...asRead } = event;
    const { ownerId, title } = await events.update(eventId, { ...asRead, title: "Edited" }, ada);
    expect({ ownerId, title }).toEqual({ ownerId: "ada", title: "Edited" });
  });

  it("a service hands an event over: the new owner may change it, the old one no longer", async () => {
    const event = await published(ada);
    expect((await events.update(event.eventId, { ownerId: "bob" }, SERVICE)).ownerId).toBe("bob");
    await rejection(events.update(event.eventId, { title: "Ada" }, ada), ForbiddenError);
    expect((await events.update(event.eventId, { title: "Bob" }, bob)).title).toBe("Bob");
  });

  it("anyone is refused every write, even on an event without owner", async () => {
    const event = await published(SERVICE);
    await rejection(events.update(event.eventId, { title: "x" }, ANYONE), ForbiddenError);
    await rejection(events.delete(event.eventId, ANYONE), ForbiddenError);
    expect((await events.get(event.eventId, SERVICE)).version).toBe(1);
  });

  it("the stored item carries the owner in the owner index's key", async () => {
    const event = await published(ada);
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: `$events#eventId_${event.eventId}` }, sk: { S: "$event_1" } } }),
    );
    expect(Item?.ownerId).toEqual({ S: "ada" });
    expect(Item?.gsi4pk).toEqual({ S: "ada" });
  });
});

describe("a hand-over racing the old owner's update", () => {
  it("never lets both through: the ownership check is part of the owner's write", async () => {
    for (let round = 0; round < 40; round++) {
      const event = await published(SERVICE, { ownerId: "ada" });
      // The hand-over expects the version it read: if Ada's update came first, it fails; if it came first, Ada's does.
      const [handOver, adaUpdate] = await inParallel([
        () => events.update(event.eventId, { ownerId: "bob" }, SERVICE, { expectedVersions: [1] }),
        () => events.update(event.eventId, { title: `Ada ${round}` }, ada),
      ]);
      const outcomes = [handOver!.status, adaUpdate!.status];
      expect(outcomes, `round ${round}`).toContain("rejected");
      expect(outcomes, `round ${round}`).toContain("fulfilled");
      const after = await events.get(event.eventId, SERVICE);
      if (handOver!.status === "fulfilled") {
        expect((adaUpdate as PromiseRejectedResult).reason).toBeInstanceOf(ForbiddenError);
        expect(after).toMatchObject({ ownerId: "bob", title: event.title, version: 2 });
      } else {
        expect((handOver as PromiseRejectedResult).reason).toBeInstanceOf(VersionMismatchError);
        expect(after).toMatchObject({ ownerId: "ada", title: `Ada ${round}`, version: 2 });
      }
    }
  });
});

/**
 * Who may register, read and cancel whom: a person themselves, the event's
 * owner anyone for their event, a service anyone; others ForbiddenError.
 */
import { describe, expect, it, vi } from "vitest";
import { ForbiddenError, InvalidQueryError, RegistrationNotFoundError, SERVICE, type Actor } from "../src/index.js";
import { rejection, validInput } from "./helpers.js";
import { inParallel, newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, registrations, assertInvariants } = await registrationStore();

const person = (userId: string): Actor => ({ kind: "person", userId });
const ANYONE: Actor = { kind: "anyone" };
const owner = person("olga");
const ada = person("ada");
const bob = person("bob");

const ownedEvent = () => events.create(validInput({ eventId: newId("acc"), status: "published", capacity: 5 }), owner);

describe("register", () => {
  it("a person registers themselves: userId left out or their own; another's is ForbiddenError", async () => {
    const { eventId } = await ownedEvent();
    expect((await registrations.create(eventId, { name: "Ada" }, ada)).userId).toBe("ada");
    expect((await registrations.create(eventId, { userId: "bob" }, bob)).userId).toBe("bob");
    await rejection(registrations.create(eventId, { userId: "carl" }, ada), ForbiddenError);
    await rejection(registrations.get(eventId, "carl", SERVICE), RegistrationNotFoundError);
    await assertInvariants(eventId);
  });

  it("the owner registers anyone for their event; a service anyone, naming them", async () => {
    const { eventId } = await ownedEvent();
    expect((await registrations.create(eventId, { userId: "carl" }, owner)).userId).toBe("carl");
    expect((await registrations.create(eventId, { userId: "dora" }, SERVICE)).userId).toBe("dora");
    await rejection(registrations.create(eventId, {}, SERVICE), InvalidQueryError);
    await rejection(registrations.create(eventId, { userId: "eve" }, ANYONE), ForbiddenError);
    await assertInvariants(eventId);
  });

  it("an owner registering someone while the event is handed over: registered, or ForbiddenError with nothing written", async () => {
    for (let round = 0; round < 15; round++) {
      const { eventId } = await ownedEvent();
      const [handOver, registered] = await inParallel<unknown>([
        () => events.update(eventId, { ownerId: "someone-else" }, SERVICE),
        () => registrations.create(eventId, { userId: "frank" }, owner),
      ]);
      expect(handOver!.status).toBe("fulfilled");
      const listed = await registrations.list(eventId, {}, SERVICE);
      if (registered!.status === "rejected") {
        expect((registered as PromiseRejectedResult).reason).toBeInstanceOf(ForbiddenError);
        expect(listed.items).toEqual([]);
      } else {
        expect(listed.items.map((r) => r.userId)).toEqual(["frank"]);
      }
    }
  });
});

describe("read, list and cancel", () => {
  it("one registration: the registrant, the owner or a service", async () => {
    const { eventId } = await ownedEvent();
    await registrations.create(eventId, {}, ada);
    for (const actor of [ada, owner, SERVICE]) expect((await registrations.get(eventId, "ada", actor)).userId).toBe("ada");
    await rejection(registrations.get(eventId, "ada", bob), ForbiddenError);
    await rejection(registrations.get(eventId, "ada", ANYONE), ForbiddenError);
    // Whether someone is registered is not told to strangers either.
    await rejection(registrations.get(eventId, "nobody", bob), ForbiddenError);
  });

  it("an event's registrations: the owner or a service", async () => {
    const { eventId } = await ownedEvent();
    await registrations.create(eventId, {}, ada);
    expect((await registrations.list(eventId, {}, owner)).items.length).toBe(1);
    expect((await registrations.list(eventId, {}, SERVICE)).items.length).toBe(1);
    await rejection(registrations.list(eventId, {}, ada), ForbiddenError);
    await rejection(registrations.list(eventId, {}, ANYONE), ForbiddenError);
  });

  it("cancel: the registrant, the owner or a service; nobody else", async () => {
    const { eventId } = await ownedEvent();
    for (const actor of [ada, bob]) await registrations.create(eventId, {}, actor);
    await registrations.create(eventId, { userId: "carl" }, SERVICE);
    await rejection(registrations.delete(eventId, "ada", bob), ForbiddenError);
    await rejection(registrations.delete(eventId, "ada", ANYONE), ForbiddenError);
    await registrations.delete(eventId, "ada", ada);
    await registrations.delete(eventId, "bob", owner);
    await registrations.delete(eventId, "carl", SERVICE);
    expect((await assertInvariants(eventId)).registered).toEqual([]);
  });

  it("a user's registrations: that person or a service", async () => {
    const { eventId } = await ownedEvent();
    await registrations.create(eventId, {}, ada);
    expect((await registrations.listByUser("ada", {}, ada)).items.map((r) => r.eventId)).toContain(eventId);
    expect((await registrations.listByUser("ada", {}, SERVICE)).items.map((r) => r.eventId)).toContain(eventId);
    await rejection(registrations.listByUser("ada", {}, bob), ForbiddenError);
    await rejection(registrations.listByUser("ada", {}, owner), ForbiddenError);
    await rejection(registrations.listByUser("ada", {}, ANYONE), ForbiddenError);
  });

  it("a registration for an event that went back to draft leaves the registrant's list", async () => {
    const { eventId } = await ownedEvent();
    await registrations.create(eventId, {}, ada);
    await events.update(eventId, { status: "draft" }, owner);
    expect((await registrations.listByUser("ada", {}, ada)).items.map((r) => r.eventId)).not.toContain(eventId);
    expect((await registrations.listByUser("ada", {}, SERVICE)).items.map((r) => r.eventId)).toContain(eventId);
  });
});

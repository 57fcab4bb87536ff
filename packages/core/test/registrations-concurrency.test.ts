/**
 * Registrations under races, on a real store: simultaneous calls through the
 * core's API, the invariants checked from the lists after every step, and the
 * failures seen in other trackers each as a test.
 */
import { describe, expect, it, vi } from "vitest";
import { AlreadyRegisteredError, EventFullError, RegistrationNotFoundError, type Registration, SERVICE } from "../src/index.js";
import { crashAfterCapacityWrite, inParallel, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 300_000 });

const { client, tableName, events, registrations, openEvent, assertInvariants } = await registrationStore();

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, "0")}`);
const fulfilled = <T>(results: PromiseSettledResult<T>[]) =>
  results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
const rejected = (results: PromiseSettledResult<unknown>[]) =>
  results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));

/** Registers people one after another (setup, not the race under test). */
async function registerInOrder(eventId: string, ids: string[]) {
  for (const userId of ids) await registrations.create(eventId, { userId }, SERVICE);
}

describe("simultaneous registrations", () => {
  it("100 at once for 10 places with a waitlist: 10 registered, 90 waitlisted at positions 1-90 in line order", async () => {
    const event = await openEvent({ capacity: 10, waitlistEnabled: true });
    const results = await Promise.allSettled(users("u", 100).map((userId) => registrations.create(event.eventId, { userId }, SERVICE)));
    expect(rejected(results)).toEqual([]);
    const made = fulfilled(results);
    expect(made.filter((r) => r.status === "registered")).toHaveLength(10);
    expect(made.filter((r) => r.status === "waitlisted").map((r) => r.position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 90 }, (_, i) => i + 1),
    );
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect([registered.length, waitlisted.length]).toEqual([10, 90]);
    // The position each was told is its place in the line as listed: nobody was put ahead of an earlier one.
    const told = new Map(made.map((r) => [r.userId, r.position]));
    for (const person of waitlisted) expect(told.get(person.userId), person.userId).toBe(person.position);
  });

  it("100 at once for 10 places without a waitlist: 10 succeed, 90 EventFullError", async () => {
    const event = await openEvent({ capacity: 10 });
    const results = await Promise.allSettled(users("u", 100).map((userId) => registrations.create(event.eventId, { userId }, SERVICE)));
    expect(fulfilled(results).map((r) => r.status)).toEqual(Array(10).fill("registered"));
    const errors = rejected(results);
    expect(errors).toHaveLength(90);
    for (const error of errors) expect(error).toBeInstanceOf(EventFullError);
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect([registered.length, waitlisted.length]).toEqual([10, 0]);
  });
});

describe("unregistrations racing registrations and capacity changes", () => {
  it("keeps every invariant after each round of mixed simultaneous calls", async () => {
    const event = await openEvent({ capacity: 5, waitlistEnabled: true });
    const { eventId } = event;
    await registerInOrder(eventId, users("seed", 8));
    const present = new Set(users("seed", 8));
    let fresh = 0;
    for (let round = 0; round < 5; round++) {
      const leaving = [...present].filter((_, i) => i % 3 === round % 3).slice(0, 3);
      const joining = users(`r${round}-`, 4);
      const capacity = 4 + (round % 3) * 2;
      const calls: (() => Promise<unknown>)[] = [
        ...leaving.map((userId) => () => registrations.delete(eventId, userId, SERVICE)),
        ...joining.map((userId) => () => registrations.create(eventId, { userId }, SERVICE)),
        () => events.update(eventId, { capacity }, SERVICE).catch((e: Error) => (e.name === "CapacityBelowRegisteredError" ? e : Promise.reject(e))),
      ];
      const results = await Promise.allSettled(calls.map((call) => call()));
      expect(rejected(results), `round ${round}`).toEqual([]);
      for (const userId of leaving) present.delete(userId);
      for (const userId of joining) present.add(userId);
      fresh += joining.length;
      const { registered, waitlisted } = await assertInvariants(eventId);
      expect(new Set([...registered, ...waitlisted].map((r) => r.userId)), `round ${round}`).toEqual(present);
    }
    expect(fresh).toBe(20);
  });
});

describe("failures seen in other trackers", () => {
  it("a newcomer does not jump a non-empty line: a freed place goes to the first in line, racing newcomers queue", async () => {
    const event = await openEvent({ capacity: 2, waitlistEnabled: true });
    await registerInOrder(event.eventId, ["a", "b", "first", "second"]);
    const [left, ...joined] = await Promise.allSettled<Promise<Registration | void>>([
      registrations.delete(event.eventId, "a", SERVICE),
      ...users("new", 5).map((userId) => registrations.create(event.eventId, { userId }, SERVICE)),
    ]);
    expect(rejected([left!, ...joined])).toEqual([]);
    for (const made of fulfilled(joined)) expect((made as Registration).status).toBe("waitlisted");
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect(registered.map((r) => r.userId)).toEqual(["b", "first"]);
    expect(waitlisted[0]!.userId).toBe("second");
  });

  it("a promotion does not forget the counter: counts equal the lists after every promotion", async () => {
    const event = await openEvent({ capacity: 3, waitlistEnabled: true });
    await registerInOrder(event.eventId, users("p", 9));
    for (const userId of users("p", 6)) {
      await registrations.delete(event.eventId, userId, SERVICE);
      const { event: now } = await assertInvariants(event.eventId);
      expect(now.registeredCount).toBe(3);
    }
    const { waitlisted } = await assertInvariants(event.eventId);
    expect(waitlisted).toEqual([]);
  });

  it("a counter never goes negative: ten simultaneous deletes of one registration, one succeeds", async () => {
    const event = await openEvent({ capacity: 2, waitlistEnabled: true });
    await registerInOrder(event.eventId, ["a", "b", "c"]);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => registrations.delete(event.eventId, "a", SERVICE)));
    expect(fulfilled(results)).toHaveLength(1);
    for (const error of rejected(results)) expect(error).toBeInstanceOf(RegistrationNotFoundError);
    const { event: now } = await assertInvariants(event.eventId);
    expect([now.registeredCount, now.waitlistCount]).toEqual([2, 0]);
  });

  it("a capacity raise promotes: raised while people wait, the first in line get the places at once", async () => {
    const event = await openEvent({ capacity: 2, waitlistEnabled: true });
    await registerInOrder(event.eventId, users("w", 6));
    const raised = await events.update(event.eventId, { capacity: 4 }, SERVICE);
    expect([raised.registeredCount, raised.waitlistCount]).toEqual([4, 2]);
    const { registered } = await assertInvariants(event.eventId);
    expect(registered.map((r) => r.userId)).toEqual(users("w", 4));
  });

  it("no duplicate registration under a race: twenty simultaneous registrations of one person, one succeeds", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    await registrations.create(event.eventId, { userId: "holder" }, SERVICE);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => registrations.create(event.eventId, { userId: "dup" }, SERVICE)));
    expect(fulfilled(results)).toHaveLength(1);
    for (const error of rejected(results)) {
      expect(error).toBeInstanceOf(AlreadyRegisteredError);
      expect((error as AlreadyRegisteredError).status).toBe("waitlisted");
    }
    const { waitlisted } = await assertInvariants(event.eventId);
    expect(waitlisted.map((r) => r.userId)).toEqual(["dup"]);
  });
});

describe("promotions larger than one transaction", () => {
  it("a capacity raise of 250 with 300 waiting: 250 promoted in line order, in steps that each keep the invariants", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    const people = users("q", 301);
    await registerInOrder(event.eventId, people.slice(0, 1));
    await inParallel(
      people.slice(1).map((userId) => () => registrations.create(event.eventId, { userId }, SERVICE)),
      1,
    );
    const raised = await events.update(event.eventId, { capacity: 251 }, SERVICE);
    expect([raised.registeredCount, raised.waitlistCount]).toEqual([251, 50]);
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect(registered.map((r) => r.userId)).toEqual(people.slice(0, 251));
    expect(waitlisted.map((r) => r.userId)).toEqual(people.slice(251));
  });

  it("a large raise interrupted by a crash is finished by the next change, and the newcomer queues behind", async () => {
    const event = await openEvent({ capacity: 1, waitlistEnabled: true });
    const people = users("z", 81);
    await registerInOrder(event.eventId, people);
    await crashAfterCapacityWrite(client, tableName, event.eventId, 71);
    const newcomer = await registrations.create(event.eventId, { userId: "newcomer" }, SERVICE);
    expect(newcomer).toMatchObject({ status: "waitlisted", position: 11 });
    const { registered, waitlisted } = await assertInvariants(event.eventId);
    expect(registered.map((r) => r.userId)).toEqual(people.slice(0, 71));
    expect(waitlisted.map((r) => r.userId)).toEqual([...people.slice(71), "newcomer"]);
  });
});

/**
 * Registrations under concurrency, through HTTP: simultaneous requests racing
 * for places, cancellations and capacity changes, and one Idempotency-Key sent
 * twenty times at once. The outcome is checked from the lists, not only from
 * the event's counters.
 */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";

const api = await startTestApi();

interface Registration {
  userId: string;
  status: "registered" | "waitlisted";
  position?: number;
}

async function lists(eventId: string) {
  const all = await api.json("GET", `/events/${eventId}/registrations?limit=1000`);
  expect(all.status, all.text).toBe(200);
  const items = all.body as Registration[];
  const event = (await api.json("GET", `/events/${eventId}`)).body;
  return {
    event,
    registered: items.filter((r) => r.status === "registered"),
    waitlisted: items.filter((r) => r.status === "waitlisted"),
  };
}

/** The invariants, from the lists: counts equal the items, nobody twice, positions 1..n, no oversell. */
async function expectInvariants(eventId: string) {
  const state = await lists(eventId);
  const { event, registered, waitlisted } = state;
  expect(event.registeredCount).toBe(registered.length);
  expect(event.waitlistCount).toBe(waitlisted.length);
  expect(registered.length).toBeLessThanOrEqual(event.capacity);
  const ids = [...registered, ...waitlisted].map((r) => r.userId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(waitlisted.map((r) => r.position)).toEqual(waitlisted.map((_, i) => i + 1));
  if (waitlisted.length > 0) expect(registered.length).toBe(event.capacity);
  return state;
}

const register = (eventId: string, userId: string, headers: Record<string, string> = {}) =>
  api.json("POST", `/events/${eventId}/registrations`, { userId }, headers);

describe("simultaneous registrations over HTTP", () => {
  it("100 at once for 10 places with a waitlist: 10 registered, 90 waitlisted 1-90 in the order they were answered", { timeout: 120_000 }, async () => {
    await api.json("POST", "/events", newEvent({ eventId: "drop-wl", capacity: 10, waitlistEnabled: true }));
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => register("drop-wl", `u${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
    expect(answers.filter((a) => a.body.status === "registered")).toHaveLength(10);

    const { registered, waitlisted } = await expectInvariants("drop-wl");
    expect(registered).toHaveLength(10);
    expect(waitlisted).toHaveLength(90);
    // Each waitlisted answer's position is its place in the line the list shows.
    const answeredPosition = new Map(answers.map((a) => [a.body.userId as string, a.body.position as number | undefined]));
    for (const person of waitlisted) expect(answeredPosition.get(person.userId)).toBe(person.position);
    expect(new Set(answers.map((a) => a.body.userId))).toEqual(new Set([...registered, ...waitlisted].map((r) => r.userId)));
  });

  it("without a waitlist: exactly 10 × 201 and 90 × 409, and only those 10 registered", { timeout: 120_000 }, async () => {
    await api.json("POST", "/events", newEvent({ eventId: "drop-full", capacity: 10 }));
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => register("drop-full", `u${i}`)));
    const winners = answers.filter((a) => a.status === 201).map((a) => a.body.userId as string);
    expect(winners).toHaveLength(10);
    const losers = answers.filter((a) => a.status === 409);
    expect(losers).toHaveLength(90);
    for (const loser of losers) expect(loser.body.detail).toBe("The event is full and has no waitlist");
    const { registered, waitlisted } = await expectInvariants("drop-full");
    expect(registered.map((r) => r.userId).sort()).toEqual(winners.sort());
    expect(waitlisted).toEqual([]);
  });

  it("one user sent ten times at once: one 201, nine 409 already registered", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "dup-race", capacity: 5 }));
    const answers = await Promise.all(Array.from({ length: 10 }, () => register("dup-race", "same")));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    expect((await expectInvariants("dup-race")).registered).toHaveLength(1);
  });
});

describe("cancellations and capacity changes over HTTP", () => {
  it("a cancellation promotes the first in line and changes the event's ETag", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "cancel", capacity: 2, waitlistEnabled: true }));
    for (const userId of ["a", "b", "c", "d"]) await register("cancel", userId);
    const before = (await api.request("/events/cancel")).headers.get("etag");
    expect((await api.request("/events/cancel/registrations/a", { method: "DELETE" })).status).toBe(204);
    const after = (await api.request("/events/cancel")).headers.get("etag");
    expect(after).not.toBe(before);
    const { registered, waitlisted } = await expectInvariants("cancel");
    expect(registered.map((r) => r.userId)).toEqual(["b", "c"]);
    expect(waitlisted.map((r) => [r.userId, r.position])).toEqual([["d", 1]]);
  });

  it("raising capacity with PUT promotes in line order; lowering below registeredCount is 409 and leaves the event as it was", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "raise", capacity: 3, waitlistEnabled: true }));
    for (let i = 0; i < 8; i++) await register("raise", `u${i}`);
    const raised = await api.json("PUT", "/events/raise", { capacity: 6 });
    expect(raised.body).toMatchObject({ capacity: 6, registeredCount: 6, waitlistCount: 2 });
    const { registered, waitlisted } = await expectInvariants("raise");
    expect(registered.map((r) => r.userId)).toEqual(["u0", "u1", "u2", "u3", "u4", "u5"]);
    expect(waitlisted.map((r) => r.userId)).toEqual(["u6", "u7"]);

    const etag = (await api.request("/events/raise")).headers.get("etag");
    const lower = await api.json("PUT", "/events/raise", { capacity: 5 });
    expect(lower.status).toBe(409);
    expect(lower.body.detail).toBe("capacity cannot be lower than the 6 people registered");
    const off = await api.json("PUT", "/events/raise", { waitlistEnabled: false });
    expect(off.status).toBe(409);
    expect(off.body.detail).toBe("The waitlist cannot be turned off while 2 people are waiting");
    expect((await api.request("/events/raise")).headers.get("etag")).toBe(etag);
    expect((await expectInvariants("raise")).event).toMatchObject({ capacity: 6, waitlistEnabled: true });
  });

  it("registrations racing cancellations and a capacity raise: the invariants hold after every round", { timeout: 120_000 }, async () => {
    await api.json("POST", "/events", newEvent({ eventId: "mixed", capacity: 5, waitlistEnabled: true }));
    for (let i = 0; i < 10; i++) await register("mixed", `seed${i}`);
    for (let round = 0; round < 3; round++) {
      const leaving = [`seed${round * 3}`, `seed${round * 3 + 1}`, `r${round - 1}-0`];
      await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => register("mixed", `r${round}-${i}`)),
        ...leaving.map((userId) => api.request(`/events/mixed/registrations/${userId}`, { method: "DELETE" })),
        api.json("PUT", "/events/mixed", { capacity: 5 + round + 1 }),
      ]);
      await expectInvariants("mixed");
    }
  });
});

describe("Idempotency-Key under concurrency", () => {
  it("twenty simultaneous requests with one key create one registration, and all get the same answer", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "idem-race", capacity: 5 }));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => register("idem-race", "once", { "Idempotency-Key": "race-key-1" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.get("location")))).toEqual(new Set(["/events/idem-race/registrations/once"]));
    expect((await expectInvariants("idem-race")).registered.map((r) => r.userId)).toEqual(["once"]);
  });

  it("twenty simultaneous event creates with one key create one event", async () => {
    const body = newEvent({ title: "Created once" });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api.json("POST", "/events", body, { "Idempotency-Key": "race-key-2" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
    const eventId = answers[0]!.body.eventId as string;
    expect((await api.json("GET", `/events/${eventId}`)).status).toBe(200);
    // GET /events reads an index, eventually consistent on DynamoDB: wait until it shows this event, then count.
    const listed = async () => (await api.json("GET", "/events?limit=1000")).body as { eventId: string; title: string }[];
    await expect.poll(async () => (await listed()).some((e) => e.eventId === eventId), { timeout: 10_000 }).toBe(true);
    expect((await listed()).filter((e) => e.title === "Created once")).toHaveLength(1);
  });
});

/**
 * Every row of the contract's registrations table and every error, and the
 * Idempotency-Key rules, through the real app over a real store: one set of
 * cases, run over REST and over tRPC.
 */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { restSurface, trpcSurface, type Surface } from "./surfaces.js";

const api = await startTestApi();
const keyed = await startTestApi({ apiKey: "reg-key" });

const REGISTERED = "registered";
const WAITLISTED = "waitlisted";

describe.each([restSurface(api), trpcSurface(api)])("registrations over $name", (s: Surface) => {
  let counter = 0;
  const fresh = (label: string) => `${s.name}-${label}-${++counter}`;

  async function openEvent(overrides: Record<string, unknown> = {}) {
    const eventId = fresh("evt");
    const created = await s.createEvent(newEvent({ eventId, capacity: 2, ...overrides }));
    expect(created.status, created.detail).toBe(201);
    return eventId;
  }
  const userIds = (answer: { body: { userId: string }[] }) => answer.body.map((r) => r.userId);

  it("201 registered while a place is free; Location names it; GET returns it without position", async () => {
    const eventId = await openEvent();
    const created = await s.register(eventId, { userId: "ada", name: "Ada Lovelace", email: "ada@example.com" });
    expect(created.status, created.detail).toBe(201);
    expect(created.body).toEqual({
      eventId,
      userId: "ada",
      name: "Ada Lovelace",
      email: "ada@example.com",
      status: REGISTERED,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(created.body).not.toHaveProperty("position");
    if (s.name === "REST") expect(created.location).toBe(`/events/${eventId}/registrations/ada`);
    expect((await s.get(eventId, "ada")).body).toEqual(created.body);
  });

  it("a full event with a waitlist: waitlisted with positions in line order; the list is registered then the line", async () => {
    const eventId = await openEvent({ waitlistEnabled: true });
    for (const userId of ["a", "b"]) expect((await s.register(eventId, { userId })).body.status).toBe(REGISTERED);
    const c = await s.register(eventId, { userId: "c" });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: WAITLISTED, position: 1 });
    expect((await s.register(eventId, { userId: "d" })).body).toMatchObject({ status: WAITLISTED, position: 2 });

    const all = await s.list(eventId);
    expect(all.body.map((r: { userId: string; status: string; position?: number }) => [r.userId, r.status, r.position])).toEqual([
      ["a", REGISTERED, undefined],
      ["b", REGISTERED, undefined],
      ["c", WAITLISTED, 1],
      ["d", WAITLISTED, 2],
    ]);
    expect(userIds(await s.list(eventId, { status: WAITLISTED }))).toEqual(["c", "d"]);
    expect(userIds(await s.list(eventId, { status: REGISTERED }))).toEqual(["a", "b"]);
    // Pages of one, followed to the end, give the same order.
    expect(userIds(await s.list(eventId, { limit: 1 }))).toEqual(["a", "b", "c", "d"]);
    expect((await s.get(eventId, "d")).body).toMatchObject({ status: WAITLISTED, position: 2 });
  });

  it("the event's counts follow the registrations", async () => {
    const eventId = await openEvent({ waitlistEnabled: true, capacity: 1 });
    await s.register(eventId, { userId: "a" });
    await s.register(eventId, { userId: "b" });
    const event = await s.updateEvent(eventId, { title: "Still the same event" });
    expect(event.body).toMatchObject({ registeredCount: 1, waitlistCount: 1, capacity: 1 });
  });

  it("409s say which conflict: already registered, already waitlisted, full without waitlist, not open", async () => {
    const eventId = await openEvent({ capacity: 1, waitlistEnabled: true });
    await s.register(eventId, { userId: "a" });
    await s.register(eventId, { userId: "b" });
    const again = await s.register(eventId, { userId: "a" });
    expect([again.status, again.detail]).toEqual([409, "User 'a' is already registered for this event"]);
    const waiting = await s.register(eventId, { userId: "b" });
    expect([waiting.status, waiting.detail]).toEqual([409, "User 'b' is already on this event's waitlist"]);

    const noWaitlist = await openEvent({ capacity: 1 });
    await s.register(noWaitlist, { userId: "a" });
    const full = await s.register(noWaitlist, { userId: "b" });
    expect([full.status, full.detail]).toEqual([409, "The event is full and has no waitlist"]);
    expect(userIds(await s.list(noWaitlist))).toEqual(["a"]);

    for (const status of ["draft", "cancelled", "completed"]) {
      const closed = await openEvent({ status });
      const answer = await s.register(closed, { userId: "a" });
      expect(answer.status).toBe(409);
      expect(answer.detail).toBe(
        `The event is not open for registration (its status is '${status}'; it must be 'published' or 'active')`,
      );
    }
    const active = await openEvent({ status: "active" });
    expect((await s.register(active, { userId: "a" })).status).toBe(201);
  });

  it("404s: no such event (create, list, get), no such registration (get, delete)", async () => {
    for (const answer of [await s.register("no-such-event", { userId: "a" }), await s.list("no-such-event"), await s.get("no-such-event", "a")]) {
      expect([answer.status, answer.detail]).toEqual([404, "Event not found"]);
    }
    const eventId = await openEvent();
    for (const answer of [await s.get(eventId, "nobody"), await s.unregister(eventId, "nobody")]) {
      expect([answer.status, answer.detail]).toEqual([404, "Registration not found"]);
    }
  });

  it("422s name the field: unknown field, bad userId, bad email, blank name, bad list query, bad userId in a user's list", async () => {
    const eventId = await openEvent();
    const cases: [Record<string, unknown>, string][] = [
      [{ userId: "a", emial: "a@example.com" }, "emial"],
      [{ userId: "" }, "userId"],
      [{ userId: "a b" }, "userId"],
      [{}, "userId"],
      [{ userId: "a", email: "not-an-email" }, "email"],
      [{ userId: "a", name: "   " }, "name"],
    ];
    for (const [body, field] of cases) {
      const answer = await s.register(eventId, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.fields, JSON.stringify(body)).toContain(field);
    }
    const badQuery = await s.list(eventId, { status: "maybe" });
    expect([badQuery.status, badQuery.fields]).toEqual([422, ["status"]]);
    const badLimit = await s.list(eventId, { limit: 0 });
    expect([badLimit.status, badLimit.fields]).toEqual([422, ["limit"]]);
    const badUser = await s.listByUser("a b");
    expect([badUser.status, badUser.fields]).toEqual([422, ["userId"]]);
    expect((await s.list(eventId)).body).toEqual([]);
  });

  it("a registered person's cancellation gives the first in line the place; a waitlisted one's leaves the line", async () => {
    const eventId = await openEvent({ waitlistEnabled: true, capacity: 1 });
    for (const userId of ["a", "b", "c", "d"]) await s.register(eventId, { userId });
    expect((await s.unregister(eventId, "c")).status).toBe(204);
    expect((await s.get(eventId, "d")).body).toMatchObject({ status: WAITLISTED, position: 2 });
    expect((await s.unregister(eventId, "a")).status).toBe(204);
    const promoted = await s.get(eventId, "b");
    expect(promoted.body.status).toBe(REGISTERED);
    expect(promoted.body).not.toHaveProperty("position");
    expect(promoted.body.updatedAt > promoted.body.createdAt).toBe(true);
    expect(userIds(await s.list(eventId))).toEqual(["b", "d"]);
    expect((await s.get(eventId, "a")).status).toBe(404);
  });

  it("a newcomer joins the end of a non-empty line even when a place is free (after a raise, settled first)", async () => {
    const eventId = await openEvent({ waitlistEnabled: true, capacity: 1 });
    for (const userId of ["a", "b", "c"]) await s.register(eventId, { userId });
    const raised = await s.updateEvent(eventId, { capacity: 2 });
    expect(raised.body).toMatchObject({ capacity: 2, registeredCount: 2, waitlistCount: 1 });
    expect((await s.get(eventId, "b")).body.status).toBe(REGISTERED);
    expect((await s.register(eventId, { userId: "d" })).body).toMatchObject({ status: WAITLISTED, position: 2 });
  });

  it("capacity raise promotes in line order up to the new capacity; below registeredCount is a 409 and changes nothing", async () => {
    const eventId = await openEvent({ waitlistEnabled: true, capacity: 1 });
    for (const userId of ["a", "b", "c", "d"]) await s.register(eventId, { userId });
    const raised = await s.updateEvent(eventId, { capacity: 3 });
    expect(raised.body).toMatchObject({ registeredCount: 3, waitlistCount: 1 });
    expect(userIds(await s.list(eventId, { status: REGISTERED }))).toEqual(["a", "b", "c"]);
    const lower = await s.updateEvent(eventId, { capacity: 2, title: "Smaller" });
    expect([lower.status, lower.detail]).toEqual([409, "capacity cannot be lower than the 3 people registered"]);
    const after = await s.updateEvent(eventId, { description: "unchanged otherwise" });
    expect(after.body).toMatchObject({ capacity: 3, title: newEvent().title, registeredCount: 3, waitlistCount: 1 });
  });

  it("waitlistEnabled off while people wait is a 409 and changes nothing; with nobody waiting it is accepted", async () => {
    const eventId = await openEvent({ waitlistEnabled: true, capacity: 1 });
    await s.register(eventId, { userId: "a" });
    await s.register(eventId, { userId: "b" });
    const off = await s.updateEvent(eventId, { waitlistEnabled: false });
    expect([off.status, off.detail]).toEqual([409, "The waitlist cannot be turned off while 1 people are waiting"]);
    expect((await s.register(eventId, { userId: "c" })).body).toMatchObject({ status: WAITLISTED, position: 2 });
    await s.unregister(eventId, "b");
    await s.unregister(eventId, "c");
    const accepted = await s.updateEvent(eventId, { waitlistEnabled: false });
    expect(accepted.body).toMatchObject({ waitlistEnabled: false, waitlistCount: 0 });
    expect((await s.register(eventId, { userId: "d" })).status).toBe(409);
  });

  it("a user's registrations: each with its event as it is now, ordered by the event's date; [] for nobody", async () => {
    const userId = fresh("user");
    const late = await openEvent({ date: "2031-05-01", title: "Late" });
    const early = await openEvent({ date: "2031-01-01T10:00:00+02:00", title: "Early" });
    const full = await openEvent({ date: "2031-03-01", capacity: 1, waitlistEnabled: true });
    await s.register(full, { userId: fresh("first") });
    for (const eventId of [late, early, full]) expect((await s.register(eventId, { userId })).status).toBe(201);
    await s.updateEvent(late, { title: "Late, renamed" });

    // The user's list comes from an index, eventually consistent on DynamoDB: wait for the three to show.
    await expect.poll(async () => (await s.listByUser(userId)).body.length, { timeout: 10_000 }).toBe(3);
    const mine = await s.listByUser(userId);
    expect(mine.status).toBe(200);
    expect(mine.body.map((r: { eventId: string }) => r.eventId)).toEqual([early, full, late]);
    expect(mine.body[2].event).toEqual({ eventId: late, title: "Late, renamed", date: "2031-05-01", status: "published" });
    expect(mine.body[1]).toMatchObject({ status: WAITLISTED, position: 1 });
    expect(mine.body.map((r: { eventId: string }) => r.eventId)).toEqual(
      (await s.listByUser(userId, { limit: 1 })).body.map((r: { eventId: string }) => r.eventId),
    );
    expect((await s.listByUser(fresh("nobody"))).body).toEqual([]);
  });

  it("a user's list filters by status as an event's list does; another status is a 422 naming it", async () => {
    const userId = fresh("user");
    const held = [await openEvent({ date: "2032-03-01" }), await openEvent({ date: "2032-01-01" })];
    const full = await openEvent({ date: "2032-02-01", capacity: 1, waitlistEnabled: true });
    const first = fresh("first");
    await s.register(full, { userId: first });
    for (const eventId of [...held, full]) expect((await s.register(eventId, { userId })).status).toBe(201);

    const ids = (answer: { body: { eventId: string }[] }) => answer.body.map((r) => r.eventId);
    await expect.poll(async () => ids(await s.listByUser(userId)), { timeout: 10_000 }).toEqual([held[1], full, held[0]]);
    expect(ids(await s.listByUser(userId, { status: REGISTERED, limit: 1 }))).toEqual([held[1], held[0]]);
    const waiting = await s.listByUser(userId, { status: WAITLISTED });
    expect(waiting.body).toEqual([expect.objectContaining({ eventId: full, status: WAITLISTED, position: 1 })]);
    const bad = await s.listByUser(userId, { status: "maybe" });
    expect([bad.status, bad.fields]).toEqual([422, ["status"]]);

    await s.unregister(full, first); // the first in line gets the place
    // The filter reads the user index, which follows the promotion once it has caught up (eventually consistent).
    await expect.poll(async () => ids(await s.listByUser(userId, { status: REGISTERED })), { timeout: 10_000 }).toEqual([held[1], full, held[0]]);
    expect((await s.listByUser(userId, { status: WAITLISTED })).body).toEqual([]);
  });

  it("deleting an event deletes its registrations: 404, and gone from the user's list", async () => {
    const userId = fresh("user");
    const doomed = await openEvent();
    const kept = await openEvent();
    await s.register(doomed, { userId });
    await s.register(kept, { userId });
    expect((await s.deleteEvent(doomed)).status).toBe(204);
    expect((await s.get(doomed, userId)).status).toBe(404);
    expect((await s.list(doomed)).status).toBe(404);
    // Gone at once (readers check the event); the kept one shows once the index has it.
    expect((await s.listByUser(userId)).body.map((r: { eventId: string }) => r.eventId)).not.toContain(doomed);
    await expect
      .poll(async () => (await s.listByUser(userId)).body.map((r: { eventId: string }) => r.eventId), { timeout: 10_000 })
      .toEqual([kept]);
    // A new event under the same id starts empty.
    expect((await s.createEvent(newEvent({ eventId: doomed }))).status).toBe(201);
    expect((await s.list(doomed)).body).toEqual([]);
  });

  describe("Idempotency-Key", () => {
    it("a replay gets the first response (status, body, Location) and changes nothing", async () => {
      const eventId = await openEvent({ capacity: 1, waitlistEnabled: true });
      const key = fresh("key");
      const first = await s.register(eventId, { userId: "a" }, key);
      expect(first.status).toBe(201);
      const replay = await s.register(eventId, { userId: "a" }, key);
      expect(replay).toEqual(first);
      expect(userIds(await s.list(eventId))).toEqual(["a"]);

      const eventKey = fresh("key");
      const body = newEvent({ eventId: fresh("idem-evt") });
      const created = await s.createEvent(body, eventKey);
      expect(created.status).toBe(201);
      expect(await s.createEvent(body, eventKey)).toEqual(created);
      if (s.name === "REST") expect(created.location).toBe(`/events/${body.eventId}`);
    });

    it("the same key with another body is a 422 naming the header; so is a key that breaks the rule", async () => {
      const eventId = await openEvent();
      const key = fresh("key");
      await s.register(eventId, { userId: "a" }, key);
      const other = await s.register(eventId, { userId: "b" }, key);
      expect([other.status, other.fields, other.detail]).toEqual([
        422,
        ["Idempotency-Key"],
        "Idempotency-Key was already used with a different request",
      ]);
      const otherEvent = await s.createEvent(newEvent(), key);
      expect([otherEvent.status, otherEvent.fields]).toEqual([422, ["Idempotency-Key"]]);
      for (const bad of ["x".repeat(256), "caf\u00e9", "", "tab\there"]) {
        const answer = await s.register(eventId, { userId: "c" }, bad);
        expect([answer.status, answer.fields], JSON.stringify(bad)).toEqual([422, ["Idempotency-Key"]]);
        expect((await s.createEvent(newEvent(), bad)).status).toBe(422);
      }
      expect(userIds(await s.list(eventId))).toEqual(["a"]);
      expect((await s.register(eventId, { userId: "c" }, fresh("long-key").padEnd(255, "x"))).status).toBe(201);
    });

    it("a retry after the registration was deleted gets the first response and creates nothing", async () => {
      const eventId = await openEvent();
      const key = fresh("key");
      const first = await s.register(eventId, { userId: "a" }, key);
      await s.unregister(eventId, "a");
      expect(await s.register(eventId, { userId: "a" }, key)).toEqual(first);
      expect((await s.list(eventId)).body).toEqual([]);
    });
  });
});

describe("with an API key configured, registrations need it (personal data: reads too)", () => {
  const surfaces = [restSurface(keyed), trpcSurface(keyed)];
  it.each(surfaces)("over $name: 401 without the key for create, delete and reads; with it they answer", async (s) => {
    const eventId = `keyed-${s.name}`;
    const withKey = await keyed.json("POST", "/events", newEvent({ eventId }), { "X-Api-Key": "reg-key" });
    expect(withKey.status).toBe(201);
    const denied = await s.register(eventId, { userId: "a" });
    expect([denied.status, denied.detail]).toEqual([401, "This request needs an API key (X-Api-Key header)"]);
    expect((await s.unregister(eventId, "a")).status).toBe(401);
    const allowed = await keyed.json("POST", `/events/${eventId}/registrations`, { userId: "a" }, { Authorization: "Bearer reg-key" });
    expect(allowed.status).toBe(201);
    expect((await s.unregister(eventId, "a")).status).toBe(401);
    expect((await s.get(eventId, "a")).status).toBe(401);
    expect((await s.list(eventId)).status).toBe(401);
    expect((await s.as({ "X-Api-Key": "reg-key" }).get(eventId, "a")).status).toBe(200);
    expect((await s.as({ "X-Api-Key": "reg-key" }).list(eventId)).body).toHaveLength(1);
  });
});

describe("REST specifics", () => {
  it("the event's ETag changes with a registration, a cancellation and a promotion", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "etag-reg", capacity: 1, waitlistEnabled: true }));
    const etag = async () => (await api.request("/events/etag-reg")).headers.get("etag");
    const tags = [await etag()];
    await api.json("POST", "/events/etag-reg/registrations", { userId: "a" });
    tags.push(await etag());
    await api.json("POST", "/events/etag-reg/registrations", { userId: "b" });
    tags.push(await etag());
    await api.request("/events/etag-reg/registrations/a", { method: "DELETE" });
    tags.push(await etag());
    expect(new Set(tags).size).toBe(4);
    const stale = await api.json("PUT", "/events/etag-reg", { title: "x" }, { "If-Match": tags[0]! });
    expect(stale.status).toBe(412);
  });

  it("400, 415 and 413 as for events; a body eventId other than the path's is a 422", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "bodies-reg" }));
    const path = "/events/bodies-reg/registrations";
    expect((await api.json("POST", path, "{nope")).status).toBe(400);
    expect((await api.json("POST", path, { userId: "a" }, { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await api.json("POST", path, { userId: "a", name: "x".repeat(1024 * 1024 + 1) })).status).toBe(413);
    const otherEvent = await api.json("POST", path, { userId: "a", eventId: "elsewhere" });
    expect(otherEvent.status).toBe(422);
    expect((await api.json("GET", path)).body).toEqual([]);
  });

  it("the list's Link keeps status and limit; /docs and /openapi.json list the paths", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "links-reg", capacity: 1, waitlistEnabled: true }));
    for (const userId of ["a", "b", "c"]) await api.json("POST", "/events/links-reg/registrations", { userId });
    const page = await api.json("GET", "/events/links-reg/registrations?status=waitlisted&limit=1");
    expect(page.body.map((r: { userId: string }) => r.userId)).toEqual(["b"]);
    expect(page.headers.get("link")).toMatch(/^<\/events\/links-reg\/registrations\?status=waitlisted&limit=1&cursor=[^>]+>; rel="next"$/);
    const doc = (await api.json("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/events/{eventId}/registrations", "/events/{eventId}/registrations/{userId}", "/users/{userId}/registrations"]),
    );
    for (const op of [doc.paths["/events"].post, doc.paths["/events/{eventId}/registrations"].post]) {
      expect(op.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
    }
  });
});

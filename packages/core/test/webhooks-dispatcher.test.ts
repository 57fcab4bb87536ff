/**
 * The dispatcher over a real store with a recording sender: who gets which
 * message, once per endpoint however often it is fanned out, claims between
 * dispatchers, the retry schedule, Retry-After, 410, manual retries, a crash
 * mid-attempt, a slow endpoint beside a fast one, and the attempt timer.
 */
import { describe, expect, it, vi } from "vitest";
import {
  ATTEMPT_TIMEOUT_MS,
  RETRY_AFTER_MAX_MS,
  SERVICE,
  type Actor,
  type AttemptOutcome,
  type OutgoingMessage,
  type DueAttempt,
} from "../src/index.js";
import { validInput } from "./helpers.js";
import { recordingSender, testCipher, webhookTable } from "./webhooks-fixture.js";

vi.setConfig({ testTimeout: 60_000 });

const ada: Actor = { kind: "person", userId: "ada" };
const urls = (sent: readonly OutgoingMessage[]) => sent.map((message) => message.url).sort();
const status = (code: number, retryAfterMs?: number): AttemptOutcome => ({ status: code, durationMs: 3, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
/** Lets the ULID clock pass the messages just written, so that an outbox read `before` now includes them. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describe("fan-out", () => {
  it("a message goes to every enabled endpoint whose types, event and owner match, created by then; the body is sent as committed", async () => {
    const t = await webhookTable();
    const early = await t.putMessage({ type: "registration.created", eventId: "ev-a", ownerId: "ada" });
    t.clock.advance(10);
    const make = (path: string, actor: Actor, extra: object = {}) => t.webhooks.create({ url: `https://hooks.test/${path}`, ...extra }, actor);
    await t.events.create(validInput({ eventId: "ev-a" }), ada);
    await make("all", SERVICE);
    await make("promotions", SERVICE, { types: ["registration.promoted"] });
    await make("joins", SERVICE, { types: ["registration.created"] });
    await make("event-b", SERVICE, { eventId: "ev-b" });
    await make("ada", ada);
    await make("ada-ev-a", ada, { eventId: "ev-a" });
    await make("bob", { kind: "person", userId: "bob" });
    const off = await make("off", SERVICE);
    await t.webhooks.update(off.webhookId, { enabled: false }, SERVICE);
    t.clock.advance(10);

    const joinA = await t.putMessage({ type: "registration.created", eventId: "ev-a", ownerId: "ada", data: { n: 1, "ü": "ß" } });
    const updateB = await t.putMessage({ type: "event.updated", eventId: "ev-b" });
    await t.dispatcher.deliver([early, joinA, updateB]);

    const to = (message: { messageId: string }) => urls(t.sender.sent.filter((sent) => sent.messageId === message.messageId));
    expect(to(early)).toEqual([]); // every endpoint was created after it
    expect(to(joinA)).toEqual(["https://hooks.test/ada", "https://hooks.test/ada-ev-a", "https://hooks.test/all", "https://hooks.test/joins"]);
    expect(to(updateB)).toEqual(["https://hooks.test/all", "https://hooks.test/event-b"]);
    const body = t.sender.sent.find((sent) => sent.messageId === joinA.messageId)!.body;
    expect(body).toBe(`{"type":"registration.created","timestamp":"${joinA.timestamp}","data":{"n":1,"ü":"ß"}}`);
    // Delivered messages leave the outbox; ev-a's own event.created was not handed to deliver().
    expect((await t.outbox()).map((message) => `${message.type} ${message.eventId}`)).toEqual(["event.created ev-a"]);
  });

  it("one delivery per endpoint when deliver runs twice, and when two dispatchers fan out and sweep at once", async () => {
    const t = await webhookTable();
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/once" }, SERVICE);
    const other = t.dispatcherWith({});
    const messages = [];
    for (let n = 0; n < 6; n++) messages.push(await t.putMessage());
    await tick();
    await Promise.all([t.dispatcher.deliver(messages), other.deliver(messages), t.dispatcher.sweep({ outboxAfterMs: 0 }), other.sweep({ outboxAfterMs: 0 })]);
    await t.dispatcher.deliver(messages);
    expect(t.sender.sent.map((sent) => sent.messageId).sort()).toEqual(messages.map((m) => m.messageId).sort());
    const page = await t.webhooks.deliveries(webhookId, {}, SERVICE);
    expect(page.items.map((d) => d.messageId)).toEqual(messages.map((m) => m.messageId).reverse()); // newest first
    expect(page.items.every((d) => d.status === "delivered" && d.attempts.length === 1 && d.nextAttemptAt === null)).toBe(true);
  });
  it("a sweep fans out only messages older than outboxAfterMs (younger ones are the stream's), then makes their attempts", async () => {
    const t = await webhookTable();
    await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await tick();
    expect(await t.dispatcher.sweep()).toEqual({ fannedOut: 0, attempted: 0 });
    expect(await t.outbox()).toHaveLength(1);
    t.clock.advance(5_000);
    expect(await t.dispatcher.sweep()).toEqual({ fannedOut: 1, attempted: 1 });
    expect(t.sender.sent.map((sent) => sent.messageId)).toEqual([message.messageId]);
    expect(await t.outbox()).toEqual([]);
  });

  it("the deliveries log pages newest first", async () => {
    const t = await webhookTable();
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push((await t.putMessage()).messageId);
    await tick();
    await t.dispatcher.sweep({ outboxAfterMs: 0 });
    const first = await t.webhooks.deliveries(webhookId, { limit: 2 }, SERVICE);
    expect(first.items.map((d) => d.messageId)).toEqual([ids[2], ids[1]]);
    const second = await t.webhooks.deliveries(webhookId, { limit: 2, cursor: first.nextCursor! }, SERVICE);
    expect(second).toEqual({ items: [expect.objectContaining({ messageId: ids[0], status: "delivered" })], nextCursor: null });
  });
});

describe("claims", () => {
  it("two dispatchers sweeping the same due attempts at once send each attempt once", async () => {
    const t = await webhookTable({ retrySchedule: [60_000] });
    const failing = recordingSender(() => status(500));
    const first = t.dispatcherWith({ send: failing.send });
    await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    await t.webhooks.create({ url: "https://hooks.test/b" }, SERVICE);
    const messages = [];
    for (let n = 0; n < 8; n++) messages.push(await t.putMessage());
    await first.deliver(messages);
    expect(failing.sent).toHaveLength(16);

    // Both retries of all 16 deliveries are due; two dispatchers sweep them at the same moment.
    t.clock.advance(60_000);
    const second = recordingSender();
    const racers = [t.dispatcherWith({ send: second.send }), t.dispatcherWith({ send: second.send })];
    const results = await Promise.all(racers.map((racer) => racer.sweep()));
    expect(results.reduce((sum, r) => sum + r.attempted, 0)).toBe(16);
    const keys = second.sent.map((sent) => `${sent.url} ${sent.messageId}`);
    expect(keys).toHaveLength(16);
    expect(new Set(keys).size).toBe(16);
    expect(await Promise.all(racers.map((racer) => racer.sweep()))).toEqual([
      { fannedOut: 0, attempted: 0 },
      { fannedOut: 0, attempted: 0 },
    ]);
  });

  it("a crash mid-attempt (claimed, never recorded) is attempted again once the claim lapses; the late record is refused", async () => {
    const t = await webhookTable();
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    let answer!: (outcome: AttemptOutcome) => void;
    const hung = recordingSender(() => new Promise<AttemptOutcome>((resolve) => (answer = resolve)));
    const crashing = t.dispatcherWith({ send: hung.send });
    const message = await t.putMessage();
    const stuck = crashing.deliver([message]);
    await expect.poll(() => hung.sent.length).toBe(1);

    expect(await t.dispatcher.sweep()).toEqual({ fannedOut: 0, attempted: 0 }); // claimed: not due
    t.clock.advance(ATTEMPT_TIMEOUT_MS + 60_000);
    expect(await t.dispatcher.sweep()).toEqual({ fannedOut: 0, attempted: 1 });
    expect(t.sender.sent.map((sent) => sent.messageId)).toEqual([message.messageId]);

    answer(status(500)); // the "crashed" dispatcher wakes up: its claim is gone, so its record is not written
    await stuck;
    const [delivery] = (await t.webhooks.deliveries(webhookId, {}, SERVICE)).items;
    expect(delivery).toMatchObject({ status: "delivered", nextAttemptAt: null });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([200]);
  });
  it("one attempt at a time per delivery: a scheduled attempt that comes due while a manual one is in flight waits", async () => {
    const t = await webhookTable({ retrySchedule: [10_000], send: recordingSender(() => status(500)).send });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);
    let answer!: (outcome: AttemptOutcome) => void;
    const hung = recordingSender(() => new Promise<AttemptOutcome>((resolve) => (answer = resolve)));
    await t.webhooks.retry(webhookId, message.messageId, SERVICE);
    const manual = t.dispatcherWith({ send: hung.send }).sweep();
    await expect.poll(() => hung.sent.length).toBe(1);

    t.clock.advance(10_000); // the scheduled retry is due, the manual claim (the 10 s time-out and a margin) still holds
    const other = recordingSender();
    expect(await t.dispatcherWith({ send: other.send }).sweep()).toMatchObject({ attempted: 0 });
    answer(status(200));
    expect(await manual).toMatchObject({ attempted: 1 });
    expect(await t.dispatcherWith({ send: other.send }).sweep()).toMatchObject({ attempted: 0 });
    expect(other.sent).toEqual([]);
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]).toMatchObject({ status: "delivered" });
  });
});

describe("schedule", () => {
  it("one attempt plus one per entry, each due its wait after the last; then failed", async () => {
    const t = await webhookTable({ retrySchedule: [60_000, 120_000], send: recordingSender(() => status(500)).send });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    await t.dispatcher.deliver([await t.putMessage()]);
    const delivery = async () => (await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]!;
    const wait = async () => {
      const { nextAttemptAt, attempts } = await delivery();
      return Date.parse(nextAttemptAt!) - Date.parse(attempts.at(-1)!.at);
    };

    expect(await delivery()).toMatchObject({ status: "pending" });
    expect(await wait()).toBeGreaterThanOrEqual(60_000);
    expect(await wait()).toBeLessThan(61_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 0 });
    t.clock.advance(60_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(await wait()).toBeGreaterThanOrEqual(120_000);
    t.clock.advance(60_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 0 });
    t.clock.advance(60_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(await delivery()).toMatchObject({ status: "failed", nextAttemptAt: null });
    expect((await delivery()).attempts.map((a) => a.status)).toEqual([500, 500, 500]);
    t.clock.advance(10 * 60 * 60 * 1000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 0 });
    expect((await t.webhooks.deliveries(webhookId, { status: "failed" }, SERVICE)).items).toHaveLength(1);
    expect((await t.webhooks.deliveries(webhookId, { status: "pending" }, SERVICE)).items).toHaveLength(0);
  });

  it("a Retry-After longer than the wait replaces it (up to an hour); a shorter one does not; a network error retries", async () => {
    const answers: Record<string, AttemptOutcome> = {
      "https://hooks.test/longer": status(503, 30_000),
      "https://hooks.test/capped": status(429, 10 * RETRY_AFTER_MAX_MS),
      "https://hooks.test/shorter": status(503, 10),
      "https://hooks.test/network": { error: "connection refused", durationMs: 2 },
    };
    const t = await webhookTable({ retrySchedule: [5_000], send: recordingSender((m) => answers[m.url]!).send });
    const ids = new Map<string, string>();
    for (const url of Object.keys(answers)) ids.set(url, (await t.webhooks.create({ url }, SERVICE)).webhookId);
    await t.dispatcher.deliver([await t.putMessage()]);
    const wait = async (url: string) => {
      const [delivery] = (await t.webhooks.deliveries(ids.get(url)!, {}, SERVICE)).items;
      expect(delivery!.status).toBe("pending");
      return Date.parse(delivery!.nextAttemptAt!) - Date.parse(delivery!.attempts[0]!.at);
    };
    expect(await wait("https://hooks.test/longer")).toBeGreaterThanOrEqual(30_000);
    expect(await wait("https://hooks.test/longer")).toBeLessThan(31_000);
    expect(await wait("https://hooks.test/capped")).toBeGreaterThanOrEqual(RETRY_AFTER_MAX_MS);
    expect(await wait("https://hooks.test/capped")).toBeLessThan(RETRY_AFTER_MAX_MS + 1_000);
    expect(await wait("https://hooks.test/shorter")).toBeGreaterThanOrEqual(5_000);
    expect(await wait("https://hooks.test/shorter")).toBeLessThan(6_000);
    const [network] = (await t.webhooks.deliveries(ids.get("https://hooks.test/network")!, {}, SERVICE)).items;
    expect(network!.attempts).toEqual([{ at: network!.attempts[0]!.at, durationMs: 2, error: "connection refused" }]);
  });

  it("410 fails the message and disables the endpoint: nothing more is fanned out to it", async () => {
    const t = await webhookTable({ send: recordingSender(() => status(410)).send });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/gone" }, SERVICE);
    await t.dispatcher.deliver([await t.putMessage()]);
    expect(await t.webhooks.get(webhookId, SERVICE)).toMatchObject({ enabled: false });
    const page = await t.webhooks.deliveries(webhookId, {}, SERVICE);
    expect(page.items).toMatchObject([{ status: "failed", nextAttemptAt: null, attempts: [{ status: 410 }] }]);
    await t.dispatcher.deliver([await t.putMessage()]);
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items).toHaveLength(1);
  });

  it("a deleted endpoint gets nothing more: its pending delivery is dropped", async () => {
    const t = await webhookTable({ retrySchedule: [1_000], send: recordingSender(() => status(500)).send });
    const ok = recordingSender();
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    await t.dispatcher.deliver([await t.putMessage()]);
    await t.webhooks.delete(webhookId, SERVICE);
    t.clock.advance(1_000);
    const later = t.dispatcherWith({ send: ok.send });
    expect(await later.sweep()).toMatchObject({ attempted: 1 });
    expect(ok.sent).toEqual([]);
    expect(await later.sweep()).toMatchObject({ attempted: 0 });
  });
});

describe("attempt timer", () => {
  /** A timer that keeps what it is handed, for the test to hand back (as the queue does once each is due). */
  const keepingTimer = () => {
    const woken: DueAttempt[] = [];
    return { woken, attemptTimer: { wake: async (attempt: DueAttempt) => void woken.push(attempt) } };
  };

  it("deliver hands each first attempt to the timer and makes none itself; attemptDue makes it", async () => {
    const { woken, attemptTimer } = keepingTimer();
    const t = await webhookTable({ attemptTimer });
    const a = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const b = await t.webhooks.create({ url: "https://hooks.test/b" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);

    expect(t.sender.sent, "the stream's batch waits on no endpoint").toEqual([]);
    expect(woken.map(({ kind, webhookId, messageId }) => [kind, webhookId, messageId]).sort()).toEqual(
      [["scheduled", a.webhookId, message.messageId], ["scheduled", b.webhookId, message.messageId]].sort(),
    );
    expect(await t.dispatcher.attemptDue(woken)).toBe(2);
    expect(urls(t.sender.sent)).toEqual(["https://hooks.test/a", "https://hooks.test/b"]);
    expect(await t.dispatcher.attemptDue(woken), "handed over twice (SQS is at least once): made once").toBe(0);
  });

  it("each retry goes to the timer with its time; attemptDue makes it then, and passes over one made meanwhile or not yet due", async () => {
    const { woken, attemptTimer } = keepingTimer();
    const answers = [status(500), status(500), status(200)];
    const sender = recordingSender(() => answers.shift()!);
    const t = await webhookTable({ retrySchedule: [60_000, 120_000], send: sender.send, attemptTimer });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);
    expect(await t.dispatcher.attemptDue(woken.splice(0)), "the first attempt").toBe(1);
    const delivery = async () => (await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]!;

    // It failed: its retry is handed to the timer at the time the delivery shows.
    expect(woken).toEqual([expect.objectContaining({ kind: "scheduled", webhookId, messageId: message.messageId, dueAt: (await delivery()).nextAttemptAt })]);
    expect(await t.dispatcher.attemptDue(woken), "not due yet: left for its time").toBe(0);
    t.clock.advance(60_000);
    expect(await t.dispatcher.attemptDue(woken)).toBe(1);
    expect(await delivery()).toMatchObject({ status: "pending", attempts: [{ status: 500 }, { status: 500 }] });
    expect(await t.dispatcher.attemptDue(woken), "a retry already made is not made again").toBe(0);

    // The second retry is made by the sweep before its timer fires: the timer's then finds nothing to do.
    expect(woken).toHaveLength(2);
    t.clock.advance(120_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(await t.dispatcher.attemptDue([woken[1]!])).toBe(0);
    expect(await delivery()).toMatchObject({ status: "delivered", attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] });
    expect(sender.sent).toHaveLength(3);
  });

  it("a retry asked for goes to the timer as due now, and attemptDue makes it", async () => {
    const { woken, attemptTimer } = keepingTimer();
    const answers = [status(500), status(200)];
    const sender = recordingSender(() => answers.shift()!);
    const t = await webhookTable({ retrySchedule: [], send: sender.send, attemptTimer });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);
    expect(await t.dispatcher.attemptDue(woken.splice(0))).toBe(1);
    expect(woken, "no retry left on an empty schedule").toEqual([]);

    await t.webhooks.retry(webhookId, message.messageId, SERVICE);
    expect(woken).toEqual([expect.objectContaining({ kind: "manual", webhookId, messageId: message.messageId })]);
    expect(await t.dispatcher.attemptDue(woken)).toBe(1);
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]).toMatchObject({ status: "delivered" });
    expect(await t.dispatcher.sweep(), "nothing left for the sweep").toMatchObject({ attempted: 0 });
  });

  it("a timer that fails is reported: a first attempt is made in place, a retry stays due in the table for the sweep", async () => {
    const reported: string[] = [];
    const t = await webhookTable({
      retrySchedule: [60_000],
      send: recordingSender(() => status(500)).send,
      attemptTimer: { wake: async () => Promise.reject(new Error("queue unavailable")) },
      report: (problem) => void reported.push(problem),
    });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    await t.dispatcher.deliver([await t.putMessage()]);
    // The first attempt's handing over, then its retry's.
    expect(reported).toEqual([expect.stringMatching(/^webhook attempt timer for .+ failed$/), expect.stringMatching(/^webhook attempt timer for .+ failed$/)]);
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]).toMatchObject({ status: "pending", attempts: [{ status: 500 }] });
    t.clock.advance(60_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
  });
});

describe("manual retry", () => {
  it("a failed delivery retried: a 2xx delivers it; anything else leaves it failed (the attempt logged)", async () => {
    let code = 500;
    const t = await webhookTable({ retrySchedule: [], send: recordingSender(() => status(code)).send });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);
    const delivery = async () => (await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]!;
    expect(await delivery()).toMatchObject({ status: "failed", nextAttemptAt: null });

    await t.webhooks.retry(webhookId, message.messageId, SERVICE);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(await delivery()).toMatchObject({ status: "failed", nextAttemptAt: null, attempts: [{ status: 500 }, { status: 500 }] });

    code = 200;
    await t.webhooks.retry(webhookId, message.messageId, SERVICE);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(await delivery()).toMatchObject({ status: "delivered", nextAttemptAt: null, attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] });
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 0 });
  });

  it("a pending delivery retried and delivered has no scheduled attempt left", async () => {
    let code = 500;
    const t = await webhookTable({ retrySchedule: [60_000], send: recordingSender(() => status(code)).send });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const message = await t.putMessage();
    await t.dispatcher.deliver([message]);
    code = 200;
    await t.webhooks.retry(webhookId, message.messageId, SERVICE);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    t.clock.advance(120_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 0 });
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]).toMatchObject({ status: "delivered", attempts: [{ status: 500 }, { status: 200 }] });
  });
});

describe("concurrency", () => {
  it("a slow endpoint fills only its own slots: the fast one's messages are sent while the slow one's are in flight", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sender = recordingSender(async (message) => {
      if (message.url.endsWith("/slow")) await gate;
      return status(200);
    });
    const t = await webhookTable({ send: sender.send, concurrency: { perEndpoint: 2, overall: 8 } });
    await t.webhooks.create({ url: "https://hooks.test/slow" }, SERVICE);
    await t.webhooks.create({ url: "https://hooks.test/fast" }, SERVICE);
    for (let n = 0; n < 10; n++) await t.putMessage();

    const loop = t.dispatcher.start(10);
    try {
      await expect.poll(() => sender.to("https://hooks.test/fast").filter((sent) => sent.done).length, { timeout: 30_000 }).toBe(10);
      // The slow endpoint has exactly its two slots in flight, none answered.
      expect(sender.to("https://hooks.test/slow").map((sent) => sent.done)).toEqual([false, false]);
      release();
      await expect.poll(() => sender.to("https://hooks.test/slow").filter((sent) => sent.done).length, { timeout: 30_000 }).toBe(10);
    } finally {
      release();
      await loop.stop();
    }
  });
});

describe("failures of its own", () => {
  it("an attempt that fails before sending (the key service down) is reported, stays due, and is made once the key answers", async () => {
    const working = testCipher();
    let keyDown = false;
    const cipher = { encrypt: working.encrypt, decrypt: (text: string) => (keyDown ? Promise.reject(new Error("key service unavailable")) : working.decrypt(text)) };
    const reported: string[] = [];
    const t = await webhookTable({ cipher, report: (problem, error) => reported.push(`${problem}: ${(error as Error).message}`) });
    const { webhookId } = await t.webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    keyDown = true;
    await t.dispatcher.deliver([await t.putMessage()]);
    expect(t.sender.sent).toEqual([]);
    expect(reported).toEqual([expect.stringMatching(/^webhook attempt for wh_\w+\/msg_\w+ failed: key service unavailable$/)]);

    keyDown = false;
    // Claimed by the failed attempt: due again once the claim runs out.
    t.clock.advance(ATTEMPT_TIMEOUT_MS + 10_000);
    expect(await t.dispatcher.sweep()).toMatchObject({ attempted: 1 });
    expect(t.sender.sent).toHaveLength(1);
    expect((await t.webhooks.deliveries(webhookId, {}, SERVICE)).items[0]).toMatchObject({ status: "delivered", attempts: [{ status: 200 }] });
  });
});

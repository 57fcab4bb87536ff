/**
 * The one dispatcher: fans outbox messages out and makes the attempts that are
 * due. Each attempt is claimed, sent through the `send` port and recorded; at
 * most `perEndpoint` attempts per endpoint and `overall` in all are in flight,
 * and a pass claims only what has a free slot, so a slow endpoint never holds
 * up another's messages. The local server loops it; deployed, the stream
 * handler calls `deliver` (which hands attempts to a timer), the timer's queue
 * `attemptDue`, and a schedule calls `sweep`.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "../model/store.js";
import { ATTEMPT_TIMEOUT_MS, DEFAULT_RETRY_SCHEDULE_MS, MAX_ATTEMPTS_LOGGED, WEBHOOK_SHARDS } from "../rules/webhook-fields.js";
import { guard, RAW_ERRORS } from "../store/guard.js";
import { isConditionFailure } from "../store/failures.js";
import { claim, drop, iso, readDelivery, record, type Attempt, type DueKey } from "./claims.js";
import { fanOut, readDue } from "./fan-out.js";
import { messageIdAt, readOutbox } from "./outbox.js";
import type { AttemptOutcome, Dispatcher, DueAttempt, WebhooksOptions } from "./ports.js";
import { isGone, manualVerdict, scheduledVerdict } from "./schedule.js";
import { signingSecrets } from "./secrets.js";
import { createSlots } from "./slots.js";
import { reporter, timerFailed } from "./report.js";

/** A claim outlives the attempt's time-out by this much (the record's own writes, a slow store). */
const CLAIM_MARGIN_MS = 5_000;
const DEFAULT_CONCURRENCY = { perEndpoint: 4, overall: 32 };
/** Due attempts the local loop keeps waiting for a slot, at most (the rest stay in the table for a later pass). */
const QUEUE_LIMIT = 1_000;
/** Items read per query of the outbox or of due attempts. */
const PAGE = 100;
/** A timer's attempt this much before its time is made (timers round); one due later is left to its time's sweep. */
const TIMER_EARLY_MS = 1_000;

/** What a timer is handed for a due item. */
const dueAttempt = ({ kind, shard, dueAt, webhookId, messageId, expiresAt }: DueKey): DueAttempt => ({
  kind,
  shard,
  dueAt,
  webhookId,
  messageId,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

export function createDispatcher(store: Store, options: WebhooksOptions): Dispatcher {
  const now = options.now ?? Date.now;
  const report = reporter(options);
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  const slots = createSlots(options.concurrency ?? DEFAULT_CONCURRENCY);
  /** Attempts this dispatcher has started and not finished, by delivery. */
  const inFlight = new Map<string, Promise<boolean>>();
  /** Decrypted secrets by ciphertext: a KMS call per attempt would be slow and costly. */
  const secrets = new Map<string, Promise<string>>();

  const decrypt = (ciphertext: string) => {
    let secret = secrets.get(ciphertext);
    if (!secret) {
      secret = options.cipher.decrypt(ciphertext);
      secrets.set(ciphertext, secret);
      secret.catch(() => secrets.delete(ciphertext));
    }
    return secret;
  };

  /** One attempt: claim, send (unless the endpoint is gone or disabled), record. Resolves with whether it claimed. */
  async function attempt(due: DueKey): Promise<boolean> {
    const token = randomUUID();
    const claimed = await claim(store, due, token, now(), now() + ATTEMPT_TIMEOUT_MS + CLAIM_MARGIN_MS);
    if (!claimed) return false;
    const delivery = await readDelivery(store, due.webhookId, due.messageId);
    if (delivery?.claimToken !== token) return true;
    const { data: endpoint } = await guard(() =>
      store.entities.webhook.get({ webhookId: due.webhookId }).go({ ...RAW_ERRORS, consistent: true }),
    );
    if (!endpoint) {
      await drop(store, delivery, claimed, token);
      return true;
    }

    const startedAt = now();
    let outcome: AttemptOutcome;
    if (endpoint.enabled) {
      const signing = await Promise.all(signingSecrets(endpoint.secrets, startedAt).map(({ ciphertext }) => decrypt(ciphertext)));
      outcome = await options.send({ url: endpoint.url, messageId: delivery.messageId, body: delivery.body, secrets: signing });
    } else {
      outcome = { error: "endpoint disabled", durationMs: 0 };
    }
    const endedAt = now();

    const manual = due.kind === "manual";
    const attemptCount = delivery.attemptCount + (manual ? 0 : 1);
    const verdict = manual ? manualVerdict(outcome) : scheduledVerdict(outcome, attemptCount, schedule, endedAt, !endpoint.enabled);
    const logged: Attempt = {
      at: iso(startedAt),
      durationMs: Math.max(0, Math.round(outcome.durationMs)),
      ...("status" in outcome ? { status: outcome.status } : { error: outcome.error }),
    };
    const attempts = [...delivery.attempts, logged].slice(-MAX_ATTEMPTS_LOGGED);
    const { next } = await record(store, delivery, claimed, token, { verdict, attempts, attemptCount });
    if (isGone(outcome)) await disable(due.webhookId);
    // Without the timer the retry is still due in the table: the sweep makes it, later than scheduled.
    if (next && options.attemptTimer) await options.attemptTimer.wake(dueAttempt(next)).catch(timerFailed(report, next));
    return true;
  }

  /** `410 Gone`: the endpoint asked for nothing more (already deleted is fine). */
  async function disable(webhookId: string): Promise<void> {
    try {
      await guard(() =>
        store.entities.webhook.patch({ webhookId }).set({ enabled: false, updatedAt: iso(now()) }).go({ ...RAW_ERRORS, response: "none" }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Starts the due item's attempt if its endpoint has a free slot; undefined when it must wait for a later pass. */
  function start(due: DueKey): Promise<boolean> | undefined {
    const key = `${due.webhookId}/${due.messageId}`;
    if (inFlight.has(key) || !slots.take(due.webhookId)) return undefined;
    const run = attempt(due)
      .catch((error: unknown) => {
        // The due item stays, so the attempt is made again on a later pass.
        report(`webhook attempt for ${key} failed`, error);
        return false;
      })
      .finally(() => {
        slots.release(due.webhookId);
        inFlight.delete(key);
      });
    inFlight.set(key, run);
    return run;
  }

  /**
   * Fans out the outbox messages older than `outboxAfterMs` and starts every due attempt with a free slot.
   * `collect`: how many due attempts that must wait for a slot to read on past a full dispatcher and return
   * (a sweep makes them before it resolves; the loop leaves them to its next pass).
   */
  async function pass(outboxAfterMs: number, collect: number) {
    let fannedOut = 0;
    const started: Promise<boolean>[] = [];
    const waiting: DueKey[] = [];
    for (let shard = 0; shard < WEBHOOK_SHARDS; shard++) {
      for (;;) {
        const messages = await readOutbox(store, shard, { limit: PAGE, before: messageIdAt(now() - outboxAfterMs) });
        await fanOut(store, messages, now);
        fannedOut += messages.length;
        if (messages.length < PAGE) break;
      }
    }
    const more = () => waiting.length < collect || slots.free() > 0;
    for (let shard = 0; shard < WEBHOOK_SHARDS && more(); shard++) {
      let cursor: string | null = null;
      do {
        const page = await readDue(store, shard, now(), cursor, PAGE);
        for (const due of page.items) {
          const run = start(due);
          if (run) started.push(run);
          else if (waiting.length < collect) waiting.push(due);
        }
        cursor = page.cursor;
      } while (cursor !== null && more());
    }
    return { fannedOut, started, waiting };
  }

  /**
   * Makes these attempts, each as soon as its endpoint has a free slot (the Lambda awaits them all).
   * One whose slots stay taken by attempts outside this call is left to the next sweep.
   */
  async function drain(dues: DueKey[]): Promise<number> {
    const waiting = [...dues];
    const running = new Set<Promise<unknown>>();
    let claimed = 0;
    while (waiting.length > 0) {
      for (let i = 0; i < waiting.length; ) {
        const run = start(waiting[i]!);
        if (!run) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        const tracked: Promise<unknown> = run.then((ok) => {
          if (ok) claimed++;
          running.delete(tracked);
        });
        running.add(tracked);
      }
      const busy = running.size > 0 ? [...running] : [...inFlight.values()];
      if (waiting.length === 0 || busy.length === 0) break;
      await Promise.race(busy);
    }
    await Promise.all(running);
    return claimed;
  }

  const claimedCount = async (started: Promise<boolean>[]) => (await Promise.all(started)).filter(Boolean).length;

  return {
    async deliver(messages) {
      const dues = await fanOut(store, messages, now);
      const timer = options.attemptTimer;
      if (!timer) return void (await drain(dues));
      // Each first attempt is made by a dispatcher of its own, so this batch never waits on an endpoint;
      // one the timer cannot take is made here rather than left for the sweep.
      const untimed: DueKey[] = [];
      const handOver = async (due: DueKey) => {
        try {
          await timer.wake(dueAttempt(due));
        } catch (error) {
          timerFailed(report, due)(error);
          untimed.push(due);
        }
      };
      await Promise.all(dues.map(handOver));
      await drain(untimed);
    },

    async attemptDue(attempts) {
      const soon = now() + TIMER_EARLY_MS;
      return drain(attempts.filter(({ dueAt }) => Date.parse(dueAt) <= soon));
    },

    async sweep({ outboxAfterMs = 5_000 } = {}) {
      const { fannedOut, started, waiting } = await pass(outboxAfterMs, Number.POSITIVE_INFINITY);
      const [first, later] = await Promise.all([claimedCount(started), drain(waiting)]);
      return { fannedOut, attempted: first + later };
    },

    start(intervalMs) {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let current: Promise<void> = Promise.resolve();
      /** Due attempts a pass read while their endpoint (or the dispatcher) was full: started as slots free, not a pass later. */
      const queued = new Map<string, DueKey>();
      const pump = () => {
        for (const [key, due] of queued) {
          if (stopped || slots.free() === 0) return;
          const run = start(due);
          if (!run) continue;
          queued.delete(key);
          void run.then(pump);
        }
      };
      const tick = () => {
        current = pass(0, QUEUE_LIMIT - queued.size)
          .then(({ started, waiting }) => {
            for (const run of started) void run.then(pump);
            for (const due of waiting) queued.set(`${due.webhookId}/${due.messageId}/${due.kind}`, due);
            pump();
          })
          .catch((error: unknown) => report("webhook dispatcher pass failed", error))
          .finally(() => {
            // The next pass starts after this one, never beside it; attempts in flight run on meanwhile.
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      tick();
      return {
        async stop() {
          stopped = true;
          queued.clear();
          clearTimeout(timer);
          await current;
          await Promise.allSettled([...inFlight.values()]);
        },
      };
    },
  };
}

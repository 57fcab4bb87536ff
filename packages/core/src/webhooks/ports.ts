/**
 * What the webhooks need from outside the core, and what they offer. The core
 * decides who gets which message, when to try again and what to remember; the
 * edge supplies how a secret is kept (a KMS key deployed, a local key), how a
 * message travels (HTTPS, signed) and which URLs may be called.
 */
import type { Actor } from "../rules/actor.js";
import type {
  CreatedWebhook,
  CreateWebhookInput,
  DeliveryPage,
  ListDeliveriesInput,
  ListWebhooksInput,
  RotatedSecret,
  UpdateWebhookInput,
  Webhook,
  WebhookPage,
} from "../rules/webhook-schema.js";
import type { MessageItem } from "./outbox.js";

/** Keeps signing secrets encrypted at rest: HMAC needs the secret itself, so it cannot be stored hashed. */
export interface SecretCipher {
  encrypt(secret: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
}

/** One attempt to send: where, the message's id and body, and every secret that signs it (`whsec_…`). */
export interface OutgoingMessage {
  url: string;
  messageId: string;
  /** The JSON body, exactly as sent on every attempt. */
  body: string;
  secrets: readonly string[];
}

/** What an attempt came to: the HTTP status (and a `Retry-After`, in ms, on 429/503), or the network error or time-out. */
export type AttemptOutcome =
  | { status: number; retryAfterMs?: number; durationMs: number }
  | { error: string; durationMs: number };

/** Sends one attempt (signing it); never throws: a failure is an outcome. */
export type Send = (message: OutgoingMessage) => Promise<AttemptOutcome>;

/** Why the API will not call this URL (resolving it when it must), or undefined when it may. */
export type UrlPolicy = (url: string) => Promise<string | undefined>;

export interface WebhooksOptions {
  cipher: SecretCipher;
  send: Send;
  /** Checked on create and update (WebhookUrlRefusedError); the sender checks again at each attempt. */
  urlPolicy: UrlPolicy;
  /** Waits after each failed attempt, in ms (DEFAULT_RETRY_SCHEDULE_MS unless configured). */
  retrySchedule?: readonly number[];
  /** Attempts in flight at once: per endpoint, and overall (one dispatcher). */
  concurrency?: { perEndpoint: number; overall: number };
  /** Where the dispatcher reports a pass or an attempt that failed (it carries on; the attempt stays due); stderr when left out. */
  report?: (problem: string, error: unknown) => void;
  /** The clock (tests of rotation and schedules may move it). */
  now?: () => number;
  /**
   * Handed each attempt as it comes due later (a retry) or now (a new delivery's first attempt, a retry asked
   * for), to wake a dispatcher for it on time; without one, the dispatcher that finds it makes it.
   */
  attemptTimer?: AttemptTimer;
}

/** An attempt to make at its time: the delivery's due item (scheduled, or asked for), which `Dispatcher.attemptDue` takes back. */
export interface DueAttempt {
  kind: "scheduled" | "manual";
  shard: string;
  /** When it is due (ISO 8601, as stored in its key). */
  dueAt: string;
  webhookId: string;
  messageId: string;
  /** Its delivery's expiry (epoch seconds), which the due item carries. */
  expiresAt?: number;
}

/**
 * Deployed, attempts are made apart from what finds them: a stream batch that waited on a slow endpoint would
 * hold up the messages behind it, and the sweep runs once a minute while the schedule starts at 5 s. A timer (an
 * SQS message delayed until the attempt is due) hands each to a dispatcher of its own, on time.
 */
export interface AttemptTimer {
  /** Arranges for `Dispatcher.attemptDue([attempt])` at `attempt.dueAt`; it rejects when it cannot (the caller reports it). */
  wake(attempt: DueAttempt): Promise<void>;
}

/**
 * Endpoints and their deliveries. A person manages their own endpoints (which get only messages of
 * events they own); a service manages all (its own get every event's). Another person's endpoint is
 * WebhookNotFoundError, never ForbiddenError: its existence is not revealed.
 */
export interface WebhookService {
  /** ForbiddenError for anyone, or for a person naming an `eventId` they do not own; WebhookUrlRefusedError for a URL the policy refuses. */
  create(input: CreateWebhookInput, actor: Actor): Promise<CreatedWebhook>;
  /** The caller's endpoints (a service: all), oldest first. */
  list(query: ListWebhooksInput, actor: Actor): Promise<WebhookPage>;
  get(webhookId: string, actor: Actor): Promise<Webhook>;
  update(webhookId: string, changes: UpdateWebhookInput, actor: Actor): Promise<Webhook>;
  /** Nothing more is sent to it; its deliveries go with it. */
  delete(webhookId: string, actor: Actor): Promise<void>;
  /** A new secret; every secret made in the last 24 hours keeps signing. */
  rotateSecret(webhookId: string, actor: Actor): Promise<RotatedSecret>;
  /** Newest first. */
  deliveries(webhookId: string, query: ListDeliveriesInput, actor: Actor): Promise<DeliveryPage>;
  /**
   * Asks for one attempt now, whatever the delivery's state (DeliveryNotFoundError for a message it never had): a
   * dispatcher makes it on its next pass, or as the attempt timer wakes one.
   */
  retry(webhookId: string, messageId: string, actor: Actor): Promise<void>;
}

/** The one dispatcher: the local server runs it in a loop; deployed, the stream, the attempt queue and the schedule call it. */
export interface Dispatcher {
  /**
   * Fans these outbox messages out (as read from the table or from stream records) and makes each new delivery's
   * first attempt, or, with an attempt timer, hands it to the timer (making it here only when the timer fails).
   */
  deliver(messages: readonly MessageItem[]): Promise<void>;
  /** One pass: fans out messages left in the outbox longer than `outboxAfterMs`, and makes every attempt that is due. */
  sweep(options?: { outboxAfterMs?: number }): Promise<{ fannedOut: number; attempted: number }>;
  /**
   * Makes these attempts (as an AttemptTimer handed them on), each only if it is still the delivery's next attempt
   * and due within a second: one the sweep made meanwhile, or a stale one, is passed over. Resolves with how many
   * it attempted.
   */
  attemptDue(attempts: readonly DueAttempt[]): Promise<number>;
  /** Sweeps every `intervalMs` until stopped (the local server); `stop` waits for attempts in flight. */
  start(intervalMs: number): { stop(): Promise<void> };
}

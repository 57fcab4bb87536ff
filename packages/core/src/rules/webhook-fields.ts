/**
 * The webhooks' rules, defined once: message types, delivery states, the retry
 * schedule, time-outs and how long things are kept. The schemas, the entities,
 * the dispatcher and the README's tables read them from here.
 */

/** Every message type, in the order the contract lists them. */
export const MESSAGE_TYPES = [
  "event.created",
  "event.updated",
  "event.deleted",
  "registration.created",
  "registration.promoted",
  "registration.cancelled",
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after each failed attempt before the next (one attempt plus one per entry, then `failed`). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** An attempt that has not answered by then is a time-out. */
export const ATTEMPT_TIMEOUT_MS = 10 * SECOND;

/** A `Retry-After` on 429/503 replaces the scheduled wait when longer, up to this. */
export const RETRY_AFTER_MAX_MS = HOUR;

/** Every secret made within this long before now signs (rotation without a gap). */
export const SECRET_OVERLAP_MS = 24 * HOUR;

/** Random bytes in a new secret (`whsec_` + base64 of them; the contract allows 24–64). */
export const SECRET_BYTES = 32;
export const SECRET_PREFIX = "whsec_";

/** Deliveries, their attempts and undelivered outbox messages are kept this long (DynamoDB TTL). */
export const DELIVERY_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Attempts kept in one delivery's log (manual retries could add more without bound). */
export const MAX_ATTEMPTS_LOGGED = 50;

export const WEBHOOK_DESCRIPTION_LIMITS = { min: 1, max: 200 } as const;
export const WEBHOOK_URL_MAX_LENGTH = 2_048;

/**
 * Partitions the outbox and the due deliveries are spread over, so that a burst of changes
 * (a ticket drop) does not write one partition; a sweep queries each.
 */
export const WEBHOOK_SHARDS = 8;

const UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: 24 * HOUR };

/** Parses one duration such as `250ms` or `1.5h` (units ms, s, m, h, d), in ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  return match ? Math.round(Number(match[1]) * UNITS[match[2]!]!) : undefined;
}

/**
 * Parses a retry schedule such as `1s,2s,5m`: the waits in ms.
 * Undefined when any entry is not a duration.
 */
export function parseRetrySchedule(text: string): number[] | undefined {
  const waits = text.split(",").map(parseDuration);
  return waits.every((wait) => wait !== undefined) ? (waits as number[]) : undefined;
}

/** What an attempt's outcome makes of a delivery: delivered, failed, or pending until the next scheduled attempt. */
import { RETRY_AFTER_MAX_MS } from "../rules/webhook-fields.js";
import type { AttemptOutcome } from "./ports.js";

export type Verdict =
  | { status: "delivered" }
  | { status: "failed" }
  | { status: "pending"; nextAttemptAt: number }
  /** A manual attempt that did not deliver: the delivery stays as it was. */
  | { status: "unchanged" };

const succeeded = (outcome: AttemptOutcome) => "status" in outcome && outcome.status >= 200 && outcome.status < 300;

/** `410 Gone`: the receiver asks for nothing more (the endpoint is disabled). */
export const isGone = (outcome: AttemptOutcome) => "status" in outcome && outcome.status === 410;

/**
 * A scheduled attempt's verdict. `attemptCount` counts the scheduled attempts made, this one included:
 * one attempt plus one per schedule entry, each entry the wait after the previous attempt ended (`now`).
 * A `Retry-After` replaces the wait when longer, up to RETRY_AFTER_MAX_MS. `final`: no retry whatever
 * the outcome (the endpoint is disabled).
 */
export function scheduledVerdict(
  outcome: AttemptOutcome,
  attemptCount: number,
  schedule: readonly number[],
  now: number,
  final = false,
): Verdict {
  if (succeeded(outcome)) return { status: "delivered" };
  const wait = schedule[attemptCount - 1];
  if (final || isGone(outcome) || wait === undefined) return { status: "failed" };
  const retryAfter = "retryAfterMs" in outcome && outcome.retryAfterMs !== undefined ? Math.min(outcome.retryAfterMs, RETRY_AFTER_MAX_MS) : 0;
  return { status: "pending", nextAttemptAt: now + Math.max(wait, retryAfter) };
}

/** A manual attempt: a 2xx delivers; anything else leaves status and schedule as they were. */
export const manualVerdict = (outcome: AttemptOutcome): Verdict => (succeeded(outcome) ? { status: "delivered" } : { status: "unchanged" });

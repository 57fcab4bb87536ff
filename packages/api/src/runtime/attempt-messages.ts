/**
 * The attempts in a batch of SQS records, as Lambda hands them to the attempt
 * function (first attempts, retries, retries asked for): each body is an
 * attempt as outbound/attempt-queue.ts sent it. A
 * body that is not one is skipped and reported, never thrown: it can never
 * become valid, and throwing would only have SQS hand the whole batch back.
 */
import type { SQSEvent } from "aws-lambda";
import { z } from "zod";
import type { DueAttempt } from "@events/core";

const attemptBody = z.object({
  kind: z.enum(["scheduled", "manual"]),
  shard: z.string().min(1),
  dueAt: z.iso.datetime(),
  webhookId: z.string().min(1),
  messageId: z.string().min(1),
  expiresAt: z.number().int().optional(),
});

/** A record skipped: its SQS message id and why (never the body's content). */
export interface SkippedRecord {
  sqsMessageId: string;
  reason: string;
}

export function dueAttempts(event: SQSEvent, report: (skipped: SkippedRecord) => void): DueAttempt[] {
  const attempts: DueAttempt[] = [];
  for (const record of event.Records) {
    const attempt = parseAttempt(record.body);
    if (typeof attempt === "string") report({ sqsMessageId: record.messageId, reason: attempt });
    else attempts.push(attempt);
  }
  return attempts;
}

/** The attempt, or why the body is not one. */
function parseAttempt(body: string): DueAttempt | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return "the body is not JSON"; // JSON.parse's message quotes the body
  }
  const parsed = attemptBody.safeParse(json);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  const { expiresAt, ...attempt } = parsed.data;
  return expiresAt === undefined ? attempt : { ...attempt, expiresAt };
}

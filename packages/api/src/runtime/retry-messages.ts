/**
 * The retries in a batch of SQS records, as Lambda hands them to the retry
 * function (scheduled ones, and ones people asked for): each body is a retry
 * as outbound/retry-queue.ts sent it. A
 * body that is not one is skipped and reported, never thrown: it can never
 * become valid, and throwing would only have SQS hand the whole batch back.
 */
import type { SQSEvent } from "aws-lambda";
import { z } from "zod";
import type { ScheduledRetry } from "@events/core";

const retryBody = z.object({
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

export function scheduledRetries(event: SQSEvent, report: (skipped: SkippedRecord) => void): ScheduledRetry[] {
  const retries: ScheduledRetry[] = [];
  for (const record of event.Records) {
    const retry = parseRetry(record.body);
    if (typeof retry === "string") report({ sqsMessageId: record.messageId, reason: retry });
    else retries.push(retry);
  }
  return retries;
}

/** The retry, or why the body is not one. */
function parseRetry(body: string): ScheduledRetry | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return "the body is not JSON"; // JSON.parse's message quotes the body
  }
  const parsed = retryBody.safeParse(json);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  const { expiresAt, ...retry } = parsed.data;
  return expiresAt === undefined ? retry : { ...retry, expiresAt };
}

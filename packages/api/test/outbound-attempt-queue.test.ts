/**
 * The SQS attempt timer (outbound/attempt-queue.ts) against a local stand-in for
 * SQS (fake-sqs.ts): one SendMessage per retry, delayed until it is due
 * (rounded up, never negative), none for a retry beyond SQS's 15-minute delay
 * (the sweep's), and a body the attempt function reads back as the same attempt.
 */
import { describe, expect, it } from "vitest";
import type { DueAttempt } from "@events/core";
import { MAX_DELAY_SECONDS, sqsAttemptTimer } from "../src/outbound/index.js";
import { dueAttempts, type SkippedRecord } from "../src/runtime/attempt-messages.js";
import { sqsEvent, startFakeSqs } from "./fake-sqs.js";

const sqs = await startFakeSqs();
const NOW = Date.parse("2026-12-05T12:00:00.000Z");
const timer = sqsAttemptTimer({ queueUrl: sqs.queueUrl, client: sqs.client, now: () => NOW });

const retryDueIn = (ms: number, extra: Partial<DueAttempt> = {}): DueAttempt => ({
  kind: "scheduled",
  shard: "3",
  dueAt: new Date(NOW + ms).toISOString(),
  webhookId: "wh_01JEXAMPLE",
  messageId: "msg_01JEXAMPLE",
  expiresAt: Math.floor(NOW / 1000) + 30 * 86_400,
  ...extra,
});

/** The delay of each message `wake` sent for these retries, in order (undefined: none sent). */
async function delaysFor(...dueInMs: number[]): Promise<(number | undefined)[]> {
  const delays = [];
  for (const ms of dueInMs) {
    const before = sqs.sent.length;
    await timer.wake(retryDueIn(ms));
    expect(sqs.sent.length - before).toBeLessThanOrEqual(1);
    delays.push(sqs.sent.length > before ? sqs.sent.at(-1)!.delaySeconds : undefined);
  }
  return delays;
}

describe("sqsAttemptTimer", () => {
  it("sends the retry to the queue, signed for SQS, delayed until it is due; its body reads back as the same retry", async () => {
    const retry = retryDueIn(4_200);
    const before = sqs.requests.length;
    await timer.wake(retry);
    const request = sqs.requests[before]!;
    expect(request).toMatchObject({ target: "AmazonSQS.SendMessage", input: { QueueUrl: sqs.queueUrl, DelaySeconds: 5 } });
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/sqs\/aws4_request/);

    const skipped: SkippedRecord[] = [];
    expect(dueAttempts(sqsEvent([sqs.sent.at(-1)!.body]), (record) => skipped.push(record))).toEqual([retry]);
    expect(skipped).toEqual([]);
    // Without an expiry, none comes back.
    const { expiresAt: _, ...lasting } = retry;
    await timer.wake(lasting);
    expect(dueAttempts(sqsEvent([sqs.sent.at(-1)!.body]), () => {})).toEqual([lasting]);
  });

  it("rounds the delay up to whole seconds; a retry already due goes at once", async () => {
    expect(await delaysFor(1, 999, 1_000, 1_001, 59_500)).toEqual([1, 1, 1, 2, 60]);
    expect(await delaysFor(0, -1, -3_600_000)).toEqual([0, 0, 0]);
  });

  it("sends nothing for a retry due beyond SQS's longest delay: the sweep makes it", async () => {
    expect(MAX_DELAY_SECONDS).toBe(900);
    expect(await delaysFor(900_000, 900_001, 3 * 3_600_000)).toEqual([900, undefined, undefined]);
  });

  it("a send that SQS refuses rejects (the dispatcher reports it; the retry stays due for the sweep)", async () => {
    const elsewhere = sqsAttemptTimer({ queueUrl: `${sqs.queueUrl}-gone`, client: sqs.client, now: () => NOW });
    await expect(elsewhere.wake(retryDueIn(5_000))).rejects.toMatchObject({ name: "QueueDoesNotExist" });
  });
});

/**
 * The attempt function (src/webhook-attempt.ts, runtime/queue-attempts.ts) end
 * to end: a real store and a real receiver; the dispatcher built as in the
 * delivery function's tests, its attempt timer the SQS adapter pointed at a
 * local stand-in for SQS, so the test holds the message actually sent. Handed
 * back as Lambda hands a queue's records once due, the retry is made; a
 * malformed record is logged by its ids and skipped; a stale retry makes
 * nothing; a stream batch queues its first attempts rather than making them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createDynamoClient, createServices, MESSAGE_ENTITY, type DueAttempt } from "@events/core";
import type { LogEntry } from "../src/protocol/logger.js";
import { sqsAttemptTimer } from "../src/outbound/index.js";
import { readWebhookConfig } from "../src/runtime/config.js";
import { attemptsFromQueue } from "../src/runtime/queue-attempts.js";
import { deliverFromStream } from "../src/runtime/stream-delivery.js";
import { webhooksOptions } from "../src/runtime/webhooks.js";
import { sqsEvent, startFakeSqs } from "./fake-sqs.js";
import { closedPort, newEvent, startTestApi, testWebhooksOptions } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { rawItems, streamRecord } from "./stream-records.js";

const sqs = await startFakeSqs();
// The dispatcher runs only when the test calls it, as in the functions; retries 1 s after a failure.
const api = await startTestApi({
  webhooks: { dispatchIntervalMs: false, retrySchedule: [1_000], attemptTimer: sqsAttemptTimer({ queueUrl: sqs.queueUrl, client: sqs.client }) },
});
const receiver = await startFileReceiver();
const logged: LogEntry[] = [];
const handler = attemptsFromQueue(api.dispatcher, (entry) => void logged.push(entry));

let webhookId = "";
let secret = "";

/** Waits, as SQS's delay does, until the retry is due. */
const untilDue = ({ dueAt }: DueAttempt) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(dueAt) - Date.now())));
const deliveries = async () => (await api.json("GET", `/webhooks/${webhookId}/deliveries`)).body as { messageId: string; status: string; nextAttemptAt: string | null; attempts: object[] }[];

/** A change whose first attempt the receiver answers 500: resolves with the retry the timer sent to the queue. */
async function failedFirstAttempt(eventId: string): Promise<{ body: string; retry: DueAttempt }> {
  receiver.program("/flaky", { answers: [500, 200] });
  const sentBefore = sqs.sent.length;
  expect((await api.json("POST", "/events", newEvent({ eventId }))).status).toBe(201);
  // A sweep fans out messages older than now (ULIDs to the millisecond): one more pass may be needed.
  await expect.poll(async () => (await api.dispatcher.sweep({ outboxAfterMs: 0 })).attempted).toBe(1);
  expect(sqs.sent.length).toBe(sentBefore + 1);
  const { body, delaySeconds } = sqs.sent.at(-1)!;
  expect(delaySeconds).toBeGreaterThanOrEqual(0);
  expect(delaySeconds).toBeLessThanOrEqual(1);
  return { body, retry: JSON.parse(body) as DueAttempt };
}

describe("the attempt function", () => {
  it("a failed first attempt sends its retry to the queue; handed back once due, the retry is made and the message delivered", async () => {
    const created = await api.json("POST", "/webhooks", { url: receiver.url("/flaky"), types: ["event.created"] });
    expect(created.status).toBe(201);
    ({ webhookId, secret } = created.body as { webhookId: string; secret: string });
    receiver.program("/flaky", { secrets: [secret] });

    const { body, retry } = await failedFirstAttempt("retry-a");
    const [delivery] = await deliveries();
    expect(retry).toMatchObject({ webhookId, messageId: delivery!.messageId, dueAt: delivery!.nextAttemptAt });
    expect(delivery).toMatchObject({ status: "pending", attempts: [{ status: 500 }] });

    await untilDue(retry);
    expect(await handler(sqsEvent([body]))).toEqual({ received: 1, attempted: 1 });
    const arrived = receiver.messages("/flaky");
    expect(arrived.map((message) => [message.id, message.answeredWith])).toEqual([
      [retry.messageId, 500],
      [retry.messageId, 200],
    ]);
    expect((await deliveries())[0]).toMatchObject({ status: "delivered", nextAttemptAt: null, attempts: [{ status: 500 }, { status: 200 }] });
    expect(sqs.sent.map((sent) => sent.body)).toEqual([body]); // delivered: nothing more to wake
    expect(logged).toContainEqual({ level: "info", msg: "webhook attempts", received: 1, attempted: 1 });

    // SQS handing the message over again (at least once) makes nothing: the retry was made.
    expect(await handler(sqsEvent([body]))).toEqual({ received: 1, attempted: 0 });
    expect(receiver.messages("/flaky")).toHaveLength(2);
  });

  it("a malformed record is logged by its ids and skipped; the batch's good retry is made", async () => {
    receiver.reset();
    receiver.program("/flaky", { secrets: [secret] });
    const { body, retry } = await failedFirstAttempt("retry-b");
    const marker = "ada@example.com";
    const good = JSON.parse(body) as Record<string, unknown>;
    const malformed = [
      `not json ${marker}`,
      JSON.stringify({ ...good, messageId: undefined, note: marker }),
      JSON.stringify({ ...good, dueAt: `tomorrow ${marker}` }),
      JSON.stringify({ ...good, expiresAt: 1.5 }),
      JSON.stringify([marker]),
    ];
    const event = sqsEvent([...malformed, body]);
    logged.length = 0;

    await untilDue(retry);
    expect(await handler(event)).toEqual({ received: 6, attempted: 1 });
    await expect.poll(async () => (await deliveries()).find((d) => d.messageId === retry.messageId)?.status).toBe("delivered");
    const skipped = logged.filter((entry) => entry.msg === "webhook attempt message skipped");
    expect(skipped.map((entry) => entry.sqsMessageId)).toEqual(event.Records.slice(0, 5).map((record) => record.messageId));
    expect(skipped.map((entry) => entry.reason)).toEqual([
      "the body is not JSON",
      expect.stringMatching(/^messageId: /),
      expect.stringMatching(/^dueAt: /),
      expect.stringMatching(/^expiresAt: /),
      expect.stringMatching(/^body: /),
    ]);
    expect(skipped.every((entry) => entry.level === "error")).toBe(true);
    expect(JSON.stringify(logged)).not.toContain(marker);
  });

  it("a retry not yet due, or of a delivery gone, makes nothing", async () => {
    const [delivery] = await deliveries();
    const retry = { kind: "scheduled", shard: "0", webhookId, messageId: delivery!.messageId };
    const later = JSON.stringify({ ...retry, dueAt: new Date(Date.now() + 60_000).toISOString() });
    const unknown = JSON.stringify({ ...retry, messageId: "msg_unknown", dueAt: new Date().toISOString() });
    const before = receiver.messages().length;
    expect(await handler(sqsEvent([later, unknown]))).toEqual({ received: 2, attempted: 0 });
    expect(receiver.messages()).toHaveLength(before);
  });

  it("a store that cannot be reached: the dispatcher reports the attempt (its retry stays due for the sweep)", async () => {
    const dead = createDynamoClient({ endpoint: await closedPort(), maxAttempts: 1 });
    afterAll(() => dead.destroy());
    const problems: string[] = [];
    const { dispatcher } = createServices({ client: dead, tableName: "Events", webhooks: testWebhooksOptions({ report: (problem) => void problems.push(problem) }) });
    const due = JSON.stringify({ kind: "scheduled", shard: "0", webhookId, messageId: "msg_any", dueAt: new Date().toISOString() });
    expect(await attemptsFromQueue(dispatcher, () => {})(sqsEvent([due]))).toEqual({ received: 1, attempted: 0 });
    expect(problems).toEqual([`webhook attempt for ${webhookId}/msg_any failed`]);
  });
  // Last: the event it creates stays in the outbox (its event.created is not this test's), which a sweep above would make.
  it("a stream batch hands each first attempt to the queue, waiting on no endpoint; the attempt function makes it", async () => {
    expect((await api.json("POST", "/events", newEvent({ eventId: "streamed" }))).status).toBe(201);
    const created = await api.json("POST", "/webhooks", { url: receiver.url("/first"), types: ["event.updated"], eventId: "streamed" });
    expect(created.status).toBe(201);
    receiver.program("/first", { secrets: [created.body.secret] });
    expect((await api.json("PUT", "/events/streamed", { title: "Streamed, then updated" })).status).toBe(200);
    const [message] = (await rawItems(api.dynamo.client, api.dynamo.tableName, MESSAGE_ENTITY)).filter((item) => item.type?.S === "event.updated");

    const sentBefore = sqs.sent.length;
    expect(await deliverFromStream(api.dispatcher)({ Records: [streamRecord("INSERT", message!)] })).toEqual({ messages: 1 });
    expect(receiver.messages("/first"), "nothing sent from the stream's batch").toEqual([]);
    const [queued, ...more] = sqs.sent.slice(sentBefore);
    expect(more).toEqual([]);
    expect(queued!.delaySeconds).toBe(0);
    expect(JSON.parse(queued!.body)).toMatchObject({ kind: "scheduled", webhookId: created.body.webhookId, messageId: message!.messageId!.S });

    expect(await handler(sqsEvent([queued!.body]))).toEqual({ received: 1, attempted: 1 });
    expect(receiver.messages("/first").map((arrived) => [arrived.id, arrived.answeredWith])).toEqual([[message!.messageId!.S, 200]]);
  });

});

describe("the deployed wiring", () => {
  it("with WEBHOOK_ATTEMPT_QUEUE_URL, a deployed dispatcher's retries go to that queue; without it, or locally, there is no timer", async () => {
    const config = readWebhookConfig({ WEBHOOK_KMS_KEY_ID: "alias/events", WEBHOOK_ATTEMPT_QUEUE_URL: ` ${sqs.queueUrl} ` }, { deployed: true });
    expect(config.attemptQueueUrl).toBe(sqs.queueUrl);
    const deployed = await webhooksOptions(config, { deployed: true });
    expect((await webhooksOptions({ ...config, attemptQueueUrl: undefined }, { deployed: true })).attemptTimer).toBeUndefined();
    expect((await webhooksOptions(config, { deployed: false, dataDir: "unused" })).attemptTimer).toBeUndefined();

    // Its client is the environment's (as in Lambda), and the queue URL names where to send.
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test" });
      delete process.env.AWS_PROFILE;
      const retry = { kind: "scheduled" as const, shard: "1", dueAt: new Date(Date.now() + 5_000).toISOString(), webhookId: "wh_x", messageId: "msg_x" };
      await deployed.attemptTimer!.wake(retry);
      expect(JSON.parse(sqs.sent.at(-1)!.body)).toEqual(retry);
    } finally {
      process.env = saved;
    }
  });
});

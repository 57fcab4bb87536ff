/**
 * The delivery function (src/deliver.ts) with DynamoDB Streams events as Lambda
 * hands them over: records whose `NewImage` is the item exactly as the table
 * holds it (read back raw), among them records the function must leave alone
 * (a message changed or removed, another entity's new item). The batch's new
 * messages reach their endpoint; the others stay where they are. A failing
 * store rejects the batch (Lambda retries it). Then the real entries, loaded as
 * Lambda loads them: deliver.ts, webhook-sweep.ts and webhook-attempt.ts, from the environment.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import type { DynamoDBStreamEvent, SQSEvent } from "aws-lambda";
import { createDynamoClient, createServices, ensureTable, MESSAGE_ENTITY, SERVICE } from "@events/core";
import { deliverFromStream } from "../src/runtime/stream-delivery.js";
import { closedPort, newEvent, startTestApi, testWebhooksOptions } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { rawItems, streamRecord as record, type Item } from "./stream-records.js";

// The dispatcher runs only when the test calls it: as in the delivery function, the stream decides.
const api = await startTestApi({ webhooks: { dispatchIntervalMs: false } });
const receiver = await startFileReceiver();

const messageIdOf = (item: Item) => item.messageId!.S!;
const dynamo = () => api.dynamo;

describe("a batch of stream records", () => {
  it("delivers the new messages and leaves the changed, removed and other entities' records alone", async () => {
    const secret = await api.json("POST", "/webhooks", { url: receiver.url("/stream"), types: ["event.created"] });
    expect(secret.status).toBe(201);
    receiver.program("/stream", { secrets: [secret.body.secret] });
    for (const eventId of ["stream-a", "stream-b"]) expect((await api.json("POST", "/events", newEvent({ eventId }))).status).toBe(201);

    const messages = await rawItems(dynamo().client, dynamo().tableName, MESSAGE_ENTITY);
    const dataOf = (item: Item) => JSON.parse(item.data!.S!) as { eventId: string };
    const first = messages.find((m) => dataOf(m).eventId === "stream-a")!;
    const second = messages.find((m) => dataOf(m).eventId === "stream-b")!;
    const [event] = await rawItems(dynamo().client, dynamo().tableName, "event");
    const batch: DynamoDBStreamEvent = {
      Records: [record("MODIFY", second), record("INSERT", event!), record("INSERT", first), record("REMOVE", second)],
    };

    expect(await deliverFromStream(api.dispatcher)(batch)).toEqual({ messages: 1 });
    await expect.poll(() => receiver.messages("/stream").length, { timeout: 10_000 }).toBe(1);
    const [received] = receiver.messages("/stream");
    expect(received!.id).toBe(messageIdOf(first));
    expect(JSON.parse(received!.body)).toMatchObject({ type: "event.created", data: { eventId: "stream-a" } });

    // The first is fanned out (gone from the outbox, in the endpoint's log); the second waits for its own INSERT.
    const left = (await rawItems(dynamo().client, dynamo().tableName, MESSAGE_ENTITY)).map(messageIdOf);
    expect(left).toContain(messageIdOf(second));
    expect(left).not.toContain(messageIdOf(first));
    const log = await api.json("GET", `/webhooks/${secret.body.webhookId}/deliveries`);
    expect(log.body.map((d: { messageId: string }) => d.messageId)).toEqual([messageIdOf(first)]);
  });

  it("a batch with no new message does nothing", async () => {
    const [event] = await rawItems(dynamo().client, dynamo().tableName, "event");
    expect(await deliverFromStream(api.dispatcher)({ Records: [record("MODIFY", event!), record("REMOVE", event!)] })).toEqual({ messages: 0 });
    expect(await deliverFromStream(api.dispatcher)({ Records: [] })).toEqual({ messages: 0 });
  });

  it("a store that cannot be reached rejects the batch, so that Lambda retries it", async () => {
    const dead = createDynamoClient({ endpoint: await closedPort(), maxAttempts: 1 });
    afterAll(() => dead.destroy());
    const { dispatcher } = createServices({ client: dead, tableName: "Events", webhooks: testWebhooksOptions() });
    const [message] = await rawItems(dynamo().client, dynamo().tableName, MESSAGE_ENTITY);
    await expect(deliverFromStream(dispatcher)({ Records: [record("INSERT", message!)] })).rejects.toThrow();
  });
});

describe("the entries, loaded as Lambda loads them", () => {
  const TABLE = "DeliverEntry";
  /** The variables the stacks give the functions (no SST link here: the table by name). */
  const environment: Record<string, string | undefined> = {
    DYNAMODB_TABLE_NAME: TABLE,
    AWS_ENDPOINT_URL_DYNAMODB: undefined,
    WEBHOOK_KMS_KEY_ID: "1234abcd-12ab-34cd-56ef-1234567890ab",
    WEBHOOK_ATTEMPT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-attempts",
    // AWS_REGION stays the test's own: DynamoDB Local keeps one database per region and access key.
    ...Object.fromEntries(Object.keys(process.env).filter((key) => key.startsWith("SST_RESOURCE_")).map((key) => [key, undefined])),
  };

  it("without the KMS key id, deliver.ts refuses to load, saying so", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { DYNAMODB_TABLE_NAME: TABLE });
      delete process.env.WEBHOOK_KMS_KEY_ID;
      await expect(import("../src/deliver.js")).rejects.toThrow(/WEBHOOK_KMS_KEY_ID/);
    } finally {
      process.env = saved;
    }
  });

  it("deliver.ts fans a new message out (to no endpoint in its table), webhook-sweep.ts sweeps, webhook-attempt.ts loads", async () => {
    // Its own table: endpoints made by this file's API are encrypted with a local key, not the function's.
    await ensureTable(dynamo().client, TABLE);
    const services = createServices({ client: dynamo().client, tableName: TABLE });
    await services.events.create(newEvent({ eventId: "entry-1" }), SERVICE);
    const [message] = await rawItems(dynamo().client, TABLE, MESSAGE_ENTITY);
    expect(message).toBeDefined();

    const saved = { ...process.env };
    // A fresh copy of each entry (the one above failed to load).
    vi.resetModules();
    try {
      for (const [key, value] of Object.entries(environment)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      process.env.AWS_ENDPOINT_URL_DYNAMODB = await storeEndpoint();
      const deliver = (await import("../src/deliver.js")) as { handler: (event: DynamoDBStreamEvent) => Promise<{ messages: number }> };
      expect(await deliver.handler({ Records: [record("INSERT", message!)] })).toEqual({ messages: 1 });
      expect(await rawItems(dynamo().client, TABLE, MESSAGE_ENTITY)).toEqual([]);

      const sweep = (await import("../src/webhook-sweep.js")) as { handler: () => Promise<{ fannedOut: number; attempted: number }> };
      expect(await sweep.handler()).toEqual({ fannedOut: 0, attempted: 0 });

      const retry = (await import("../src/webhook-attempt.js")) as { handler: (event: SQSEvent) => Promise<{ received: number; attempted: number }> };
      expect(await retry.handler({ Records: [] })).toEqual({ received: 0, attempted: 0 });
    } finally {
      process.env = saved;
    }
  });
});

/** The test store's endpoint, as a URL the functions' client takes. */
async function storeEndpoint(): Promise<string> {
  const resolved = await dynamo().client.config.endpoint!();
  return `${resolved.protocol}//${resolved.hostname}${resolved.port ? `:${resolved.port}` : ""}${resolved.path}`;
}

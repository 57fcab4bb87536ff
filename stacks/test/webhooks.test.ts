/**
 * Webhook delivery as the stacks declare it (evaluated with fake SST globals,
 * deploy.ts): the table's stream, the KMS key and who may use it for what, the
 * delivery function subscribed to new outbox messages only, and the sweep every
 * minute; and the pure settings against the code they run (handlers that exist,
 * the stream filter against the core's message entity and the records it must leave out).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MESSAGE_ENTITY } from "@events/core";
import { eventsTableArgs } from "../table-args.js";
import {
  DELIVER_HANDLER,
  KEY_ID_VARIABLE,
  MESSAGE_STREAM_FILTER,
  ATTEMPT_QUEUE,
  ATTEMPT_QUEUE_VARIABLE,
  STREAM_READING,
  WEBHOOK_ATTEMPT_HANDLER,
  WEBHOOK_SWEEP_HANDLER,
  WEBHOOK_SWEEP_SCHEDULE,
} from "../webhook-settings.js";
import { deployer } from "./deploy.js";
import { FAKE_KEY_ID, FAKE_QUEUE_ARN, FAKE_QUEUE_URL, type FakeSst } from "./fake-sst.js";

const root = resolve(import.meta.dirname, "../..");
const KEY_ARN = `arn:aws:kms:eu-west-1:123456789012:key/${FAKE_KEY_ID}`;

/**
 * Lambda's event filtering for the rules this filter uses: each leaf is a list of allowed values, and every
 * key of the pattern must match (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (typeof pattern !== "object" || pattern === null || typeof value !== "object" || value === null) return false;
  return Object.entries(pattern).every(([key, inner]) => matches(inner, (value as Record<string, unknown>)[key]));
}

const streamRecord = (eventName: string, entity: string) => ({
  eventName,
  dynamodb: { NewImage: { pk: { S: "p" }, sk: { S: "s" }, __edb_e__: { S: entity }, __edb_v__: { S: "1" } } },
});

describe("the stream filter", () => {
  it("names the core's message entity, in the attribute ElectroDB writes it to", () => {
    expect(MESSAGE_STREAM_FILTER.dynamodb.NewImage).toEqual({ __edb_e__: { S: [MESSAGE_ENTITY] } });
  });

  it("lets through new message items only: not their changes or removals, not other entities", () => {
    expect(matches(MESSAGE_STREAM_FILTER, streamRecord("INSERT", MESSAGE_ENTITY))).toBe(true);
    expect(matches(MESSAGE_STREAM_FILTER, streamRecord("MODIFY", MESSAGE_ENTITY))).toBe(false);
    expect(matches(MESSAGE_STREAM_FILTER, streamRecord("REMOVE", MESSAGE_ENTITY))).toBe(false);
    expect(matches(MESSAGE_STREAM_FILTER, streamRecord("INSERT", "event"))).toBe(false);
    expect(matches(MESSAGE_STREAM_FILTER, streamRecord("INSERT", "registration"))).toBe(false);
  });
});

describe("the handlers", () => {
  it.each([
    [DELIVER_HANDLER, /deliverFromStream\(dispatcher\)/],
    [WEBHOOK_SWEEP_HANDLER, /dispatcher\.sweep\(/],
    [WEBHOOK_ATTEMPT_HANDLER, /dispatcher\b/],
  ])("%s exists, exports `handler` and calls the dispatcher", (handler, call) => {
    const file = handler.slice(0, handler.lastIndexOf("."));
    const source = readFileSync(join(root, `${file}.ts`), "utf8");
    expect(source).toMatch(/export const handler\b/);
    expect(source).toMatch(call);
  });

  it("the sweep runs every minute", () => {
    expect(WEBHOOK_SWEEP_SCHEDULE).toBe("rate(1 minute)");
  });
});

describe("the stacks, evaluated", () => {
  const { deploy, cleanUp } = deployer();
  afterEach(cleanUp);

  const valueOf = (sst: FakeSst, record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, sst.value(value)]));
  const keyUse = (sst: FakeSst, fn: Record<string, unknown>) =>
    (fn.permissions as { actions: string[]; resources: unknown[] }[]).map((p) => ({ actions: p.actions, resources: p.resources.map((r) => sst.value(r)) }));

  /** What the delivery, attempt and sweep functions may do: decrypt with the key, send to the attempt queue; told both. */
  const expectDeliveryAccess = (sst: FakeSst, fn: Record<string, unknown>) => {
    expect(keyUse(sst, fn)).toEqual([
      { actions: ["kms:Decrypt"], resources: [KEY_ARN] },
      { actions: ["sqs:SendMessage"], resources: [FAKE_QUEUE_ARN] },
    ]);
    const environment = valueOf(sst, fn.environment as Record<string, unknown>);
    expect(environment[KEY_ID_VARIABLE]).toBe(FAKE_KEY_ID);
    expect(environment[ATTEMPT_QUEUE_VARIABLE]).toBe(FAKE_QUEUE_URL);
  };

  it("the table streams new images", async () => {
    const sst = await deploy("dev");
    expect(sst.args("sst.aws.Dynamo")).toMatchObject({ stream: "new-image" });
    expect(eventsTableArgs({ production: true }).stream).toBe("new-image");
  });

  it("one KMS key, rotated; the API may only encrypt with it, and is told its id", async () => {
    const sst = await deploy("dev");
    expect(sst.args("aws.kms.Key")).toMatchObject({ enableKeyRotation: true });
    const api = sst.args("sst.aws.Function");
    expect(keyUse(sst, api)[0]).toEqual({ actions: ["kms:Encrypt"], resources: [KEY_ARN] });
    expect(valueOf(sst, api.environment as Record<string, unknown>)[KEY_ID_VARIABLE]).toBe(FAKE_KEY_ID);
  });

  it("the delivery function: subscribed to new messages, reading the table, decrypting with the key", async () => {
    const sst = await deploy("dev");
    const subscription = sst.args("sst.aws.Dynamo.subscribe") as {
      subscriber: Record<string, unknown>;
      filters: unknown[];
      transform: { eventSourceMapping: unknown };
    };
    expect(subscription.filters).toEqual([MESSAGE_STREAM_FILTER]);
    expect(subscription.transform.eventSourceMapping).toEqual(STREAM_READING);
    expect(subscription.subscriber.handler).toBe(DELIVER_HANDLER);
    expect((subscription.subscriber.link as unknown[]).length).toBe(1);
    expectDeliveryAccess(sst, subscription.subscriber);
  });

  it("the sweep: a Cron every minute, one at a time, with the delivery function's access", async () => {
    const sst = await deploy("dev");
    const cron = sst.created.find((c) => c.type === "sst.aws.Cron" && c.name === "WebhookSweep")!.args as {
      schedule: string;
      function: Record<string, unknown>;
    };
    expect(cron.schedule).toBe(WEBHOOK_SWEEP_SCHEDULE);
    expect(cron.function.handler).toBe(WEBHOOK_SWEEP_HANDLER);
    expect(cron.function.concurrency).toEqual({ reserved: 1 });
    expectDeliveryAccess(sst, cron.function);
    expect(readFileSync(join(root, "sst.config.ts"), "utf8")).toMatch(/import\("\.\/stacks\/webhooks"\)/);
  });

  it("the attempt queue: its function makes the attempts it hands back, with the delivery function's access", async () => {
    const sst = await deploy("dev");
    const queue = sst.args("sst.aws.Queue") as { visibilityTimeout: string; transform: { queue: { messageRetentionSeconds: number } } };
    // SQS refuses a consumer whose function may run longer than a message stays invisible.
    const subscription = sst.args("sst.aws.Queue.subscribe") as {
      subscriber: Record<string, unknown>;
      batch: unknown;
      transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: number } } };
    };
    const minutes = (duration: unknown) => Number(/^(\d+) minutes?$/.exec(String(duration))?.[1]);
    expect(minutes(queue.visibilityTimeout)).toBeGreaterThanOrEqual(minutes(subscription.subscriber.timeout));
    expect(queue.transform.queue.messageRetentionSeconds).toBe(ATTEMPT_QUEUE.retentionSeconds);
    expect(subscription.subscriber.handler).toBe(WEBHOOK_ATTEMPT_HANDLER);
    expect(subscription.batch).toEqual(ATTEMPT_QUEUE.batch);
    // A burst of attempts reaches one receiver through at most this many copies of the function.
    expect(subscription.transform.eventSourceMapping.scalingConfig.maximumConcurrency).toBe(10);
    expectDeliveryAccess(sst, subscription.subscriber);
  });

  it("the API may queue the retries people ask for (it makes no attempt: it may not decrypt)", async () => {
    const sst = await deploy("dev");
    const api = sst.args("sst.aws.Function");
    expect(keyUse(sst, api)).toEqual([
      { actions: ["kms:Encrypt"], resources: [KEY_ARN] },
      { actions: ["sqs:SendMessage"], resources: [FAKE_QUEUE_ARN] },
    ]);
    expect(valueOf(sst, api.environment as Record<string, unknown>)[ATTEMPT_QUEUE_VARIABLE]).toBe(FAKE_QUEUE_URL);
  });
});

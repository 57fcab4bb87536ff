/**
 * Webhook delivery, deployed: the table's stream hands each new outbox message
 * to the delivery function (packages/api/src/deliver.ts) within a second of its
 * commit, which fans it out and queues each first attempt; each attempt (first
 * or retry) is a message on a queue delayed until it is due, made by the
 * attempt function (packages/api/src/webhook-attempt.ts); and a sweep every
 * minute (packages/api/src/webhook-sweep.ts) makes any due attempt the queue did
 * not, from the table alone, so that nothing depends on the stream's 24-hour
 * retention or on the queue.
 */
import { operations } from "./function";
import { table } from "./storage";
import { webhookKeyAccess } from "./webhook-key";
import { attemptQueue, attemptQueueAccess } from "./webhook-queue";
import {
  DELIVER_HANDLER,
  MESSAGE_STREAM_FILTER,
  ATTEMPT_QUEUE,
  STREAM_READING,
  WEBHOOK_ATTEMPT_HANDLER,
  WEBHOOK_SWEEP_HANDLER,
  WEBHOOK_SWEEP_SCHEDULE,
} from "./webhook-settings";

const keyAccess = webhookKeyAccess("delivery");
const queueAccess = attemptQueueAccess();

/** What the three functions share: they read the table, decrypt secrets, send over HTTPS and queue attempts. */
const deliveryFunction = (handler: string, description: string) => ({
  handler,
  description,
  runtime: "nodejs24.x" as const,
  architecture: "arm64" as const,
  memory: "512 MB" as const,
  // An attempt times out after 10 s; a batch runs its attempts side by side, bounded per endpoint and overall.
  timeout: "2 minutes" as const,
  logging: { retention: operations.functionLogRetention },
  link: [table],
  permissions: [...keyAccess.permissions, ...queueAccess.permissions],
  environment: { NODE_ENV: "production", ...keyAccess.environment, ...queueAccess.environment },
  nodejs: { minify: true, sourcemap: false },
  url: false,
});

export const delivery = table.subscribe(
  "WebhookDelivery",
  deliveryFunction(DELIVER_HANDLER, "Events API: delivers new webhook messages from the table's stream"),
  {
    filters: [MESSAGE_STREAM_FILTER],
    transform: { eventSourceMapping: { ...STREAM_READING } },
  },
);

export const webhookSweep = new sst.aws.Cron("WebhookSweep", {
  schedule: WEBHOOK_SWEEP_SCHEDULE,
  function: {
    ...deliveryFunction(WEBHOOK_SWEEP_HANDLER, "Events API: sends due webhook retries and messages the stream left"),
    // One at a time: claims keep two sweeps from sending one attempt twice, but a second would only contend.
    concurrency: { reserved: 1 },
  },
});

export const webhookAttempts = attemptQueue.subscribe(
  deliveryFunction(WEBHOOK_ATTEMPT_HANDLER, "Events API: makes webhook attempts as they come due"),
  {
    batch: { ...ATTEMPT_QUEUE.batch },
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: ATTEMPT_QUEUE.maximumConcurrency } } },
  },
);

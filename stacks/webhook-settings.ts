/**
 * The webhooks' deployed pieces as plain values (no SST globals), so that
 * stacks/test/webhooks.test.ts checks them against the code they run: the
 * delivery function's and the sweep's handlers, the stream filter that hands
 * the delivery function only new outbox messages, and who may use the key.
 */
import { ENTITY_ATTRIBUTE, MESSAGE_ENTITY } from "@events/core/table";

/** packages/api/src/deliver.ts, export `handler`: DynamoDB Streams → fan-out and first attempts. */
export const DELIVER_HANDLER = "packages/api/src/deliver.handler";

/** packages/api/src/webhook-sweep.ts, export `handler`: due attempts the queue did not make, and messages the stream did not deliver. */
export const WEBHOOK_SWEEP_HANDLER = "packages/api/src/webhook-sweep.handler";

/** The shortest rate EventBridge schedules: the backstop for attempts the queue did not make, and for the stream. */
export const WEBHOOK_SWEEP_SCHEDULE = "rate(1 minute)";

/** packages/api/src/webhook-attempt.ts, export `handler`: the attempts the queue hands back once due. */
export const WEBHOOK_ATTEMPT_HANDLER = "packages/api/src/webhook-attempt.handler";

/** The variable the API and delivery functions read the attempt queue's URL from (packages/api/src/runtime/config.ts). */
export const ATTEMPT_QUEUE_VARIABLE = "WEBHOOK_ATTEMPT_QUEUE_URL";

/**
 * The attempt queue: each attempt due within 15 minutes (SQS's longest delay) is a message delayed until then, so
 * a stream batch never waits on an endpoint and a 5 s retry is made after 5 s, not at the next minute's sweep. SQS
 * requires a consumer's visibility timeout to be at least its function's (2 minutes); a message left an hour is
 * dropped, as the sweep has made its attempt by then.
 */
export const ATTEMPT_QUEUE = {
  visibilityTimeout: "3 minutes",
  retentionSeconds: 3_600,
  batch: { size: 10, window: "0 seconds" },
  // Copies of the attempt function at once: each sends at most 4 attempts to one endpoint, so a burst reaches a
  // receiver with at most 40 requests in flight (Lambda's SQS scaling control; the rest wait in the queue).
  maximumConcurrency: 10,
} as const;

/** What the API and the delivery functions do with the queue: send attempts to it (reading is the subscription's). */
export const QUEUE_ACTIONS = ["sqs:SendMessage"] as const;


/**
 * Lambda's event filter (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html): new
 * items of the message entity only, so that the function is not invoked for every other write to the table.
 */
export const MESSAGE_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: [MESSAGE_ENTITY] } } },
} as const;

/**
 * How the stream is read. A failing batch is split to find the message at fault and retried a few times,
 * then left: the message is still in the outbox, and the sweep fans it out (so a stuck record never holds
 * its shard for the stream's 24 hours). One batch per second's worth of commits keeps the first attempt fast.
 */
export const STREAM_READING = {
  batchSize: 100,
  maximumBatchingWindowInSeconds: 0,
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
} as const;

/**
 * What each function does with the key: the API encrypts new secrets (create, rotate); the delivery
 * function and the sweep decrypt them to sign. Nothing else may use it.
 */
export const KEY_ACTIONS = {
  api: ["kms:Encrypt"],
  delivery: ["kms:Decrypt"],
} as const;

/** The variable the functions read the key's id from (packages/api/src/runtime/config.ts). */
export const KEY_ID_VARIABLE = "WEBHOOK_KMS_KEY_ID";

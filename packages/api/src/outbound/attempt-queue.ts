/**
 * The deployed attempt timer: each webhook attempt (a new delivery's first, a
 * retry, a retry asked for) becomes an SQS message delayed until it is due,
 * which the attempt function (webhook-attempt.ts) receives and hands to
 * `Dispatcher.attemptDue`. The stream's batch then never waits on an endpoint,
 * and a retry due in 5 s is made then: EventBridge's sweep runs once a minute.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { AttemptTimer, DueAttempt } from "@events/core";

/** The longest delay SQS gives a message (15 minutes). */
export const MAX_DELAY_SECONDS = 900;

export interface SqsAttemptTimerOptions {
  /** The queue's URL (the attempt function is subscribed to it). */
  queueUrl: string;
  /** A client of your own (region, endpoint, credentials); by default one from the environment. */
  client?: SQSClient;
  /** The clock the delay is counted from. */
  now?: () => number;
}

export function sqsAttemptTimer({ queueUrl, client, now = Date.now }: SqsAttemptTimerOptions): AttemptTimer {
  // Loaded at the first attempt queued, not at start: the API function queues one only when someone asks for a retry.
  let sqs: Promise<{ sqsClient: SQSClient; SendMessageCommand: typeof import("@aws-sdk/client-sqs").SendMessageCommand }> | undefined;
  const load = () =>
    (sqs ??= import("@aws-sdk/client-sqs").then(({ SQSClient, SendMessageCommand }) => ({ sqsClient: client ?? new SQSClient({}), SendMessageCommand })));
  return {
    async wake(attempt) {
      const dueAt = Date.parse(attempt.dueAt);
      if (Number.isNaN(dueAt)) throw new Error(`an attempt's dueAt is not a date: ${attempt.dueAt}`);
      // Rounded up: SQS must not hand it over before it is due (Dispatcher.attemptDue would pass it over).
      const delaySeconds = Math.max(0, Math.ceil((dueAt - now()) / 1000));
      // Beyond SQS's delay the once-a-minute sweep makes it: at most a minute late on a wait of 15 min or more (≤ 7%).
      if (delaySeconds > MAX_DELAY_SECONDS) return;
      const { sqsClient, SendMessageCommand } = await load();
      await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: attemptBody(attempt), DelaySeconds: delaySeconds }));
    },
  };
}

/** The message's body: the attempt's own fields only, as runtime/attempt-messages.ts reads them back. */
function attemptBody({ kind, shard, dueAt, webhookId, messageId, expiresAt }: DueAttempt): string {
  return JSON.stringify({ kind, shard, dueAt, webhookId, messageId, ...(expiresAt === undefined ? {} : { expiresAt }) });
}

/**
 * The deployed retry timer: each retry (scheduled, or asked for now) becomes an
 * SQS message delayed until the retry is due, which the retry function (webhook-retry.ts) receives
 * and hands to `Dispatcher.retry`. EventBridge's once-a-minute sweep cannot wake
 * a dispatcher for a retry due in 5 s; SQS's per-message delay can.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { RetryTimer, ScheduledRetry } from "@events/core";

/** The longest delay SQS gives a message (15 minutes). */
export const MAX_DELAY_SECONDS = 900;

export interface SqsRetryTimerOptions {
  /** The queue's URL (the retry function is subscribed to it). */
  queueUrl: string;
  /** A client of your own (region, endpoint, credentials); by default one from the environment. */
  client?: SQSClient;
  /** The clock the delay is counted from. */
  now?: () => number;
}

export function sqsRetryTimer({ queueUrl, client, now = Date.now }: SqsRetryTimerOptions): RetryTimer {
  // Loaded at the first retry, not at start: the API function sends one only when someone asks for a retry.
  let sqs: Promise<{ sqsClient: SQSClient; SendMessageCommand: typeof import("@aws-sdk/client-sqs").SendMessageCommand }> | undefined;
  const load = () =>
    (sqs ??= import("@aws-sdk/client-sqs").then(({ SQSClient, SendMessageCommand }) => ({ sqsClient: client ?? new SQSClient({}), SendMessageCommand })));
  return {
    async wake(retry) {
      const dueAt = Date.parse(retry.dueAt);
      if (Number.isNaN(dueAt)) throw new Error(`a retry's dueAt is not a date: ${retry.dueAt}`);
      // Rounded up: SQS must not hand it over before it is due (Dispatcher.retry would pass it over).
      const delaySeconds = Math.max(0, Math.ceil((dueAt - now()) / 1000));
      // Beyond SQS's delay the once-a-minute sweep makes it: at most a minute late on a wait of 15 min or more (≤ 7%).
      if (delaySeconds > MAX_DELAY_SECONDS) return;
      const { sqsClient, SendMessageCommand } = await load();
      await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: retryBody(retry), DelaySeconds: delaySeconds }));
    },
  };
}

/** The message's body: the retry's own fields only, as runtime/retry-messages.ts reads them back. */
function retryBody({ kind, shard, dueAt, webhookId, messageId, expiresAt }: ScheduledRetry): string {
  return JSON.stringify({ kind, shard, dueAt, webhookId, messageId, ...(expiresAt === undefined ? {} : { expiresAt }) });
}

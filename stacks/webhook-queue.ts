/**
 * The webhook retry queue: each retry due within 15 minutes (SQS's longest
 * delay), and each retry someone asks for, is a message delayed until it is due,
 * which the retry function (stacks/webhooks.ts) makes; the once-a-minute sweep
 * stays the backstop for whatever the queue does not carry.
 */
import { QUEUE_ACTIONS, RETRY_QUEUE, RETRY_QUEUE_VARIABLE } from "./webhook-settings";

export const retryQueue = new sst.aws.Queue("WebhookRetries", {
  visibilityTimeout: RETRY_QUEUE.visibilityTimeout,
  transform: { queue: { messageRetentionSeconds: RETRY_QUEUE.retentionSeconds } },
});

/** A function's right to queue retries (`permissions`) and the variable naming the queue (`environment`). */
export function retryQueueAccess() {
  return {
    permissions: [{ actions: [...QUEUE_ACTIONS], resources: [retryQueue.arn] }],
    environment: { [RETRY_QUEUE_VARIABLE]: retryQueue.url },
  };
}

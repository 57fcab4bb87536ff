/**
 * The webhook attempt queue: each new delivery's first attempt, each retry due
 * within 15 minutes (SQS's longest delay) and each retry someone asks for is a
 * message delayed until it is due, which the attempt function
 * (stacks/webhooks.ts) makes; the once-a-minute sweep stays the backstop for
 * whatever the queue does not carry.
 */
import { QUEUE_ACTIONS, ATTEMPT_QUEUE, ATTEMPT_QUEUE_VARIABLE } from "./webhook-settings";

export const attemptQueue = new sst.aws.Queue("WebhookAttempts", {
  visibilityTimeout: ATTEMPT_QUEUE.visibilityTimeout,
  transform: { queue: { messageRetentionSeconds: ATTEMPT_QUEUE.retentionSeconds } },
});

/** A function's right to queue attempts (`permissions`) and the variable naming the queue (`environment`). */
export function attemptQueueAccess() {
  return {
    permissions: [{ actions: [...QUEUE_ACTIONS], resources: [attemptQueue.arn] }],
    environment: { [ATTEMPT_QUEUE_VARIABLE]: attemptQueue.url },
  };
}

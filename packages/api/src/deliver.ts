/**
 * The delivery function (stacks/webhooks.ts): DynamoDB Streams hands it each
 * new outbox message within a second of its commit; it fans the messages out to
 * their endpoints and makes the first attempts. A failure rejects, so that
 * Lambda retries the batch; retries after that are the sweep's (webhook-sweep.ts).
 * Deployed with the attempt queue, it only fans out and queues each first
 * attempt (webhook-attempt.ts makes it), so a batch never waits on an endpoint.
 */
import { deployedDispatcher } from "./runtime/background-functions.js";
import { deliverFromStream } from "./runtime/stream-delivery.js";

const dispatcher = await deployedDispatcher();

export const handler = deliverFromStream(dispatcher);

/**
 * The retry function (stacks/webhooks.ts): subscribed to the retry queue, whose
 * messages (outbound/retry-queue.ts) arrive once their retry is due, so that a
 * retry 5 s after a failure is made then, not at the next once-a-minute sweep.
 * An attempt that fails (a store gone away) is logged by the dispatcher and its
 * retry stays due in the table, for the sweep; claims make a message that SQS
 * hands over twice harmless.
 */
import { deployedDispatcher, functionLogger } from "./runtime/background-functions.js";
import { retryFromQueue } from "./runtime/queue-retries.js";

const dispatcher = await deployedDispatcher();

export const handler = retryFromQueue(dispatcher, functionLogger());

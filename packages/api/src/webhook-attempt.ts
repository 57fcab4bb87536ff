/**
 * The attempt function (stacks/webhooks.ts): subscribed to the attempt queue,
 * whose messages (outbound/attempt-queue.ts) arrive once their attempt is due:
 * each new delivery's first attempt (so a stream batch never waits on an
 * endpoint), each retry (a retry 5 s after a failure is made then, not at the
 * next once-a-minute sweep) and each retry asked for. An attempt that fails (a
 * store gone away) is logged by the dispatcher and stays due in the table, for
 * the sweep; claims make a message that SQS hands over twice harmless.
 */
import { deployedDispatcher, functionLogger } from "./runtime/background-functions.js";
import { attemptsFromQueue } from "./runtime/queue-attempts.js";

const dispatcher = await deployedDispatcher();

export const handler = attemptsFromQueue(dispatcher, functionLogger());

/**
 * The retry function's handler over a dispatcher: the scheduled retries an SQS
 * queue hands over once due are made (one made meanwhile, or stale, is passed
 * over by `Dispatcher.retry`). A malformed record is logged by its ids and
 * skipped; an attempt that fails is the dispatcher's to report, and its retry
 * stays due in the table for the sweep.
 */
import type { SQSEvent } from "aws-lambda";
import type { Dispatcher } from "@events/core";
import type { Logger } from "../protocol/logger.js";
import { scheduledRetries } from "./retry-messages.js";

export function retryFromQueue(dispatcher: Pick<Dispatcher, "retry">, log: Logger) {
  return async (event: SQSEvent): Promise<{ received: number; attempted: number }> => {
    const retries = scheduledRetries(event, (skipped) => log({ level: "error", msg: "webhook retry message skipped", ...skipped }));
    const attempted = retries.length > 0 ? await dispatcher.retry(retries) : 0;
    const done = { received: event.Records.length, attempted };
    log({ level: "info", msg: "webhook retries", ...done });
    return done;
  };
}

/**
 * The attempt function's handler over a dispatcher: the attempts the SQS queue
 * hands over once due (first attempts, retries, retries asked for) are made; one
 * made meanwhile, or stale, is passed over by `Dispatcher.attemptDue`. A
 * malformed record is logged by its ids and skipped; an attempt that fails is
 * the dispatcher's to report, and stays due in the table for the sweep.
 */
import type { SQSEvent } from "aws-lambda";
import type { Dispatcher } from "@events/core";
import type { Logger } from "../protocol/logger.js";
import { dueAttempts } from "./attempt-messages.js";

export function attemptsFromQueue(dispatcher: Pick<Dispatcher, "attemptDue">, log: Logger) {
  return async (event: SQSEvent): Promise<{ received: number; attempted: number }> => {
    const attempts = dueAttempts(event, (skipped) => log({ level: "error", msg: "webhook attempt message skipped", ...skipped }));
    const attempted = attempts.length > 0 ? await dispatcher.attemptDue(attempts) : 0;
    const done = { received: event.Records.length, attempted };
    log({ level: "info", msg: "webhook attempts", ...done });
    return done;
  };
}

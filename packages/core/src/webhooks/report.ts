/** Where the webhooks report what failed and carried on: the configured port, or stderr. */
import type { WebhooksOptions } from "./ports.js";

export type Report = (problem: string, error: unknown) => void;

export const reporter = (options: Pick<WebhooksOptions, "report">): Report =>
  options.report ?? ((problem, error) => console.error(`${problem}: ${error instanceof Error ? error.message : String(error)}`));

/** Reports an attempt the timer could not take (the attempt stays due in the table); ids only. */
export const timerFailed =
  (report: Report, { webhookId, messageId }: { webhookId: string; messageId: string }) =>
  (error: unknown): void =>
    report(`webhook attempt timer for ${webhookId}/${messageId} failed`, error);

/** Where the webhooks report what failed and carried on: the configured port, or stderr. */
import type { WebhooksOptions } from "./ports.js";

export const reporter = (options: Pick<WebhooksOptions, "report">): ((problem: string, error: unknown) => void) =>
  options.report ?? ((problem, error) => console.error(`${problem}: ${error instanceof Error ? error.message : String(error)}`));

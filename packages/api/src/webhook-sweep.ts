/**
 * The webhook sweep (stacks/webhooks.ts), every minute: makes every attempt
 * that is due (retries on the schedule) and fans out any message the stream did
 * not (a failed batch past its retries), from the table alone, so that nothing
 * depends on the stream's 24-hour retention. `pnpm start` runs the same sweep in-process.
 */
import { deployedDispatcher, functionLogger } from "./runtime/background-functions.js";

const dispatcher = await deployedDispatcher();
const log = functionLogger();

export const handler = async (): Promise<{ fannedOut: number; attempted: number }> => {
  const done = await dispatcher.sweep();
  log({ level: "info", msg: "webhook sweep", ...done });
  return done;
};

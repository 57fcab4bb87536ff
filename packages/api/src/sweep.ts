/**
 * The scheduled Lambda (stacks/sweep.ts): finishes the cascades of event
 * deletes cut short (a timeout, a throttled table) on the deployed table, so
 * that no registration of a deleted event stays behind when nobody asks for
 * that id again, and the re-keys of registrations after a change of date that
 * the update left unfinished. `pnpm start` does the same at start.
 */
import { functionLogger, tableServices } from "./runtime/background-functions.js";

const { finishDeletions, finishRekeys } = tableServices();
const log = functionLogger();

export const handler = async (): Promise<{ finished: number; rekeyed: number }> => {
  const finished = await finishDeletions();
  const rekeyed = await finishRekeys();
  log({ level: "info", msg: "finished work cut short", finished, rekeyed });
  return { finished, rekeyed };
};

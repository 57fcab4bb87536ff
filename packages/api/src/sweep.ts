/**
 * The scheduled Lambda (stacks/sweep.ts): finishes the cascades of event
 * deletes cut short (a timeout, a throttled table) on the deployed table, so
 * that no registration of a deleted event stays behind when nobody asks for
 * that id again, and the re-keys of registrations after a change of date that
 * the update left unfinished. `pnpm start` does the same at start.
 */
import { createDynamoClient, createServices } from "@events/core";
import { resolveTableName } from "./runtime/config.js";

// Only the table: the sweep serves no caller, so it needs none of the API's identity settings.
const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const client = createDynamoClient(endpoint ? { endpoint } : {});
const { finishDeletions, finishRekeys } = createServices({ client, tableName: resolveTableName() });

export const handler = async (): Promise<{ finished: number; rekeyed: number }> => {
  const finished = await finishDeletions();
  const rekeyed = await finishRekeys();
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "finished work cut short", finished, rekeyed }));
  return { finished, rekeyed };
};

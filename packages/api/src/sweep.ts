/**
 * The scheduled Lambda (stacks/sweep.ts): finishes the cascades of event
 * deletes cut short (a timeout, a throttled table) on the deployed table, so
 * that no registration of a deleted event stays behind when nobody asks for
 * that id again. `pnpm start` does the same at start.
 */
import { createDynamoClient, createServices } from "@events/core";
import { readConfig } from "./runtime/config.js";

const config = readConfig(process.env, { deployed: true });
const client = createDynamoClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});
const { finishDeletions } = createServices({ client, tableName: config.tableName });

export const handler = async (): Promise<{ finished: number }> => {
  const finished = await finishDeletions();
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "finished deletes cut short", finished }));
  return { finished };
};

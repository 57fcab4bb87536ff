/**
 * A second floor for cold starts: a hand-written Lambda handler that answers
 * GET /events/{eventId} through the core package's service (ElectroDB, its
 * zod-checked event, the AWS SDK's document client), with none of the HTTP
 * app (no Hono, tRPC, REST bridge or middleware). Its cold start is the price
 * of the core's libraries alone.
 */
import { createDynamoClient, createServices, EventNotFoundError, SERVICE } from "@events/core";

const { events } = createServices({ client: createDynamoClient(), tableName: process.env.DYNAMODB_TABLE_NAME! });

export async function handler(event: { rawPath: string }) {
  const eventId = decodeURIComponent(event.rawPath.split("/").pop() ?? "");
  try {
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(await events.get(eventId, SERVICE)) };
  } catch (error) {
    if (!(error instanceof EventNotFoundError)) throw error;
    return { statusCode: 404, headers: { "content-type": "application/json" }, body: '{"detail":"Event not found"}' };
  }
}

/**
 * The floor for cold-start comparisons: a hand-written Lambda handler that
 * does the same single GetItem as `GET /events/{eventId}` with the AWS SDK,
 * and nothing else (no validation, routing, CORS, error mapping or docs).
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";

const client = new DynamoDBClient({});

export async function handler(event: { rawPath: string }) {
  const eventId = decodeURIComponent(event.rawPath.split("/").pop() ?? "");
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.DYNAMODB_TABLE_NAME,
      // The key layout ElectroDB gives an event (see packages/core/src/model/event-entity.ts).
      Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: "$event_1" } },
    }),
  );
  return Item
    ? { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(unmarshall(Item)) }
    : { statusCode: 404, headers: { "content-type": "application/json" }, body: '{"detail":"Event not found"}' };
}

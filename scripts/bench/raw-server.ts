/**
 * The floor for `pnpm bench`: a bare node:http server that answers
 * GET /events/{eventId} with one GetItem through the AWS SDK, and nothing else
 * (no validation, routing library, CORS, headers or error mapping).
 * Prints its URL. Env: AWS_ENDPOINT_URL_DYNAMODB, DYNAMODB_TABLE_NAME.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";

const client = new DynamoDBClient({
  region: "us-east-1",
  endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

const server = createServer(async (req, res) => {
  const eventId = decodeURIComponent(req.url?.split("/").pop() ?? "");
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.DYNAMODB_TABLE_NAME,
      // The key layout ElectroDB gives an event (see packages/core/src/model/event-entity.ts).
      Key: { pk: { S: `$events#eventId_${eventId}` }, sk: { S: "$event_1" } },
      ConsistentRead: true,
    }),
  );
  res.writeHead(Item ? 200 : 404, { "content-type": "application/json" });
  res.end(Item ? JSON.stringify(unmarshall(Item)) : '{"detail":"Event not found"}');
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));

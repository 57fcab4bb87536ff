/**
 * A second floor for `pnpm bench`: a bare node:http server that answers
 * GET /events/{eventId} through the core package's service (ElectroDB and its
 * document client over the AWS SDK), with none of the HTTP app: no Hono, no
 * tRPC, no REST bridge, no middleware. What the raw server does not pay and
 * this one does is the price of the core's libraries alone.
 * Prints its URL. Env: AWS_ENDPOINT_URL_DYNAMODB, DYNAMODB_TABLE_NAME.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDynamoClient, createServices, EventNotFoundError, SERVICE } from "@events/core";

const { events } = createServices({
  client: createDynamoClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB }),
  tableName: process.env.DYNAMODB_TABLE_NAME!,
});

const server = createServer(async (req, res) => {
  const eventId = decodeURIComponent(req.url?.split("/").pop() ?? "");
  try {
    const body = JSON.stringify(await events.get(eventId, SERVICE));
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  } catch (error) {
    if (!(error instanceof EventNotFoundError)) throw error;
    res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Event not found"}');
  }
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));

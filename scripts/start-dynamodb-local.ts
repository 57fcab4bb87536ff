/**
 * `pnpm start:dynamodb-local`: `pnpm start` over a fresh in-memory Amazon
 * DynamoDB Local (needs Java 17; the data goes when the process stops), for
 * trying the API on DynamoDB's own emulator.
 */
import { startDynamoDbLocal } from "@events/local-store";

const store = await startDynamoDbLocal();
process.env.AWS_ENDPOINT_URL_DYNAMODB = store.endpoint;
// The server stops on SIGINT/SIGTERM by exiting; DynamoDB Local's child process goes with it.
await import("../packages/api/src/local-server.js");

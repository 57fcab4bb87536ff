/**
 * The DynamoDB client and the table's life cycle. Time-outs and retries are
 * set on purpose: a store that cannot be reached must fail a request well
 * inside 10 seconds (2 attempts x 2 s + back-off), never hang it.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from "@aws-sdk/client-dynamodb";
import { createTableInput } from "../model/table.js";

export interface DynamoClientOptions {
  /** A non-AWS endpoint (embedded store, DynamoDB Local). */
  endpoint?: string;
  region?: string;
  /** Per-attempt limit on one request, in ms. */
  requestTimeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** Limit on opening a connection, in ms. */
  connectionTimeoutMs?: number;
}

export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  const config: DynamoDBClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 2_000,
      // Without this the handler only logs a warning and the request hangs on.
      throwOnRequestTimeout: true,
    },
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // A local store accepts any credentials; do not make the user invent some.
    if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
      config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
    }
  }
  return new DynamoDBClient(config);
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

/** Create the events table when it is missing, and wait until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
  } catch (error) {
    if (errorName(error) !== "ResourceNotFoundException") throw error;
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (createError) {
      // Another process created it first (dynalite says so with an empty message).
      if (errorName(createError) !== "ResourceInUseException") throw createError;
    }
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Table ${tableName} did not become active`);
}

/** True when the table can be read (for health checks). */
export async function isTableReachable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === "ACTIVE" || Table?.TableStatus === "UPDATING";
  } catch {
    return false;
  }
}

/**
 * The configuration, read and checked once for both runtimes: each setting
 * from its SST link when the process has one (deployed, or under `sst dev`),
 * else from the environment.
 */
import { resolve } from "node:path";
import { Resource } from "sst/resource";
import { DEFAULT_TABLE_NAME } from "@events/core";
import { parseCorsOrigins } from "../protocol/edge-policy.js";
import { LOG_LEVELS, type LogLevel } from "../protocol/logger.js";

export interface Config {
  port: number;
  host: string;
  tableName: string;
  /** An external DynamoDB-compatible endpoint; the embedded store is used when absent. */
  dynamoEndpoint?: string;
  /** Where the embedded store keeps its data. */
  dataDir: string;
  corsOrigins: "*" | string[];
  /** When set, writes must carry it (X-Api-Key or Authorization: Bearer). */
  apiKey?: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The linked Events table's name (stacks/storage.ts), when SST links one to this process. */
export function linkedTableName(): string | undefined {
  return "Events" in Resource && Resource.Events.name ? Resource.Events.name : undefined;
}

/** The linked `ApiKey` secret (`sst secret set ApiKey <value>`); its empty placeholder means none. */
export function linkedApiKey(): string | undefined {
  return "ApiKey" in Resource && typeof Resource.ApiKey.value === "string" && Resource.ApiKey.value ? Resource.ApiKey.value : undefined;
}

/** The deployed function's table: linked, else DYNAMODB_TABLE_NAME; neither is an error, not a guess. */
export function resolveTableName(env: NodeJS.ProcessEnv = process.env, linked = linkedTableName): string {
  const name = linked() ?? env.DYNAMODB_TABLE_NAME;
  if (!name) {
    throw new ConfigError(
      "No events table: link the Events table to this function (sst deploy, or sst dev) or set DYNAMODB_TABLE_NAME",
    );
  }
  return name;
}

export function resolveApiKey(env: NodeJS.ProcessEnv = process.env, linked = linkedApiKey): string | undefined {
  return linked() ?? (env.API_KEY || undefined);
}

/**
 * @param options.deployed the Lambda: the table must be named (linked or
 * DYNAMODB_TABLE_NAME), as AWS has no default table to fall back on.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, options: { deployed?: boolean } = {}): Config {
  const port = Number(env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const tableFromEnv = env.DYNAMODB_TABLE_NAME || DEFAULT_TABLE_NAME;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableFromEnv)) {
    throw new ConfigError(`DYNAMODB_TABLE_NAME must be 3-255 characters from A-Z a-z 0-9 _ . -, got "${tableFromEnv}"`);
  }
  const logLevel = (env.LOG_LEVEL || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }
  const apiKey = resolveApiKey(env);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    tableName: options.deployed ? resolveTableName(env) : (linkedTableName() ?? tableFromEnv),
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    dataDir: resolve(env.EVENTS_DATA_DIR || ".data"),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    ...(apiKey ? { apiKey } : {}),
    logLevel,
  };
}

/** Configuration from the environment, read and checked in one place. */
import { resolve } from "node:path";
import { DEFAULT_TABLE_NAME } from "@events/core";
import type { LogLevel } from "./http/access-log.js";

const LOG_LEVELS: readonly LogLevel[] = ["info", "error", "silent"];

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

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const tableName = env.DYNAMODB_TABLE_NAME || DEFAULT_TABLE_NAME;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw new ConfigError(`DYNAMODB_TABLE_NAME must be 3-255 characters from A-Z a-z 0-9 _ . -, got "${tableName}"`);
  }
  const logLevel = (env.LOG_LEVEL || "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }
  const origins = (env.CORS_ORIGINS ?? "*").split(",").map((origin) => origin.trim()).filter(Boolean);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    tableName,
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    dataDir: resolve(env.EVENTS_DATA_DIR || ".data"),
    corsOrigins: origins.length === 0 || origins.includes("*") ? "*" : origins,
    ...(env.API_KEY ? { apiKey: env.API_KEY } : {}),
    logLevel,
  };
}

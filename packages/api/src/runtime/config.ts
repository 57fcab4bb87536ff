/**
 * The configuration, read and checked once for both runtimes: each setting
 * from its SST link when the process has one (deployed, or under `sst dev`),
 * else from the environment.
 */
import { resolve } from "node:path";
import { Resource } from "sst/resource";
import { DEFAULT_TABLE_NAME, parseDuration, parseRetrySchedule } from "@events/core";
import { createServiceKeys } from "@events/identity";
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
  /** `API_KEY`: the service keys, comma-separated (X-Api-Key or Authorization: Bearer). */
  apiKey?: string;
  /** The OpenID Connect issuer whose access tokens identify people. */
  auth?: AuthConfig;
  /** Open: neither an issuer nor a key, everybody may do everything. Secured otherwise. */
  mode: "open" | "secured";
  logLevel: LogLevel;
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** `WEBHOOK_RETRY_SCHEDULE` (`1s,2s,5m`): the waits after each failed attempt, in ms; the core's default when unset. */
  retrySchedule?: number[];
  /** `WEBHOOK_KMS_KEY_ID`: the KMS key that encrypts signing secrets (required deployed; locally a local key does). */
  kmsKeyId?: string;
  /** `WEBHOOK_DISPATCH_INTERVAL` (`250ms`): how often the local server's dispatcher looks for due attempts. */
  dispatchIntervalMs: number;
  /** `WEBHOOK_ATTEMPT_QUEUE_URL`: deployed, the SQS queue that hands each webhook attempt to the attempt function when due (without it, the stream's function and the sweep make them). */
  attemptQueueUrl?: string;
}

/** The local server's dispatcher sweeps this often: a first attempt within 2 s of the commit, with room to spare. */
export const DEFAULT_DISPATCH_INTERVAL_MS = 250;

export interface AuthConfig {
  /** `AUTH_ISSUER`, exactly as in the tokens' `iss`. */
  issuer: string;
  /** `AUTH_AUDIENCE`: this API's identifier. */
  audience: string;
  /** `AUTH_USER_ID_CLAIM`: the claim holding the userId. */
  userIdClaim: string;
}

/** The shortest service key a deployed function accepts: a guessable key would make secured mode a formality. */
export const MIN_DEPLOYED_KEY_LENGTH = 32;

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
  const auth = readAuth(env);
  const mode = auth || createServiceKeys(apiKey).size > 0 ? "secured" : "open";
  const tableName = options.deployed ? resolveTableName(env) : (linkedTableName() ?? tableFromEnv);
  if (options.deployed) checkDeployedSecurity(mode, apiKey);
  const webhooks = readWebhookConfig(env, options);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    tableName,
    ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    dataDir: resolve(env.EVENTS_DATA_DIR || ".data"),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    ...(apiKey ? { apiKey } : {}),
    ...(auth ? { auth } : {}),
    mode,
    logLevel,
    webhooks,
  };
}

/**
 * The webhooks' settings, also read alone by the delivery functions (deliver.ts, webhook-sweep.ts, webhook-attempt.ts).
 * A deployed function without a KMS key refuses to start: it could neither make nor read a secret.
 */
export function readWebhookConfig(env: NodeJS.ProcessEnv = process.env, options: { deployed?: boolean } = {}): WebhookConfig {
  const scheduleText = env.WEBHOOK_RETRY_SCHEDULE?.trim();
  const retrySchedule = scheduleText ? parseRetrySchedule(scheduleText) : undefined;
  if (scheduleText && !retrySchedule) {
    throw new ConfigError(
      `WEBHOOK_RETRY_SCHEDULE must be comma-separated durations such as "5s,5m,30m" (units ms, s, m, h, d), got "${env.WEBHOOK_RETRY_SCHEDULE}"`,
    );
  }
  const intervalText = env.WEBHOOK_DISPATCH_INTERVAL?.trim();
  const interval = intervalText ? parseDuration(intervalText) : DEFAULT_DISPATCH_INTERVAL_MS;
  if (interval === undefined || interval < 1) {
    throw new ConfigError(`WEBHOOK_DISPATCH_INTERVAL must be one duration such as "250ms" or "1s", got "${env.WEBHOOK_DISPATCH_INTERVAL}"`);
  }
  const kmsKeyId = env.WEBHOOK_KMS_KEY_ID?.trim() || undefined;
  if (options.deployed && !kmsKeyId) {
    throw new ConfigError("WEBHOOK_KMS_KEY_ID is not set: a deployed function encrypts webhook secrets with a KMS key (stacks/webhooks.ts)");
  }
  const attemptQueueUrl = env.WEBHOOK_ATTEMPT_QUEUE_URL?.trim() || undefined;
  if (attemptQueueUrl && !isQueueUrl(attemptQueueUrl)) {
    throw new ConfigError(`WEBHOOK_ATTEMPT_QUEUE_URL must be the queue's https URL (http only for a local test endpoint), got "${attemptQueueUrl}"`);
  }
  return { ...(retrySchedule && { retrySchedule }), ...(kmsKeyId && { kmsKeyId }), dispatchIntervalMs: interval, ...(attemptQueueUrl && { attemptQueueUrl }) };
}

/** https; http too, for a local SQS-protocol endpoint in tests. */
const isQueueUrl = (text: string) => URL.canParse(text) && ["https:", "http:"].includes(new URL(text).protocol);

/** AUTH_ISSUER and AUTH_AUDIENCE come together: either alone is a misconfiguration, not a mode. */
function readAuth(env: NodeJS.ProcessEnv): AuthConfig | undefined {
  const issuer = env.AUTH_ISSUER || undefined;
  const audience = env.AUTH_AUDIENCE || undefined;
  if (!issuer && !audience) return undefined;
  if (!issuer) throw new ConfigError("AUTH_AUDIENCE is set without AUTH_ISSUER: set both (the issuer's URL and this API's identifier) or neither");
  if (!audience) throw new ConfigError("AUTH_ISSUER is set without AUTH_AUDIENCE: set both (the issuer's URL and this API's identifier) or neither");
  if (!URL.canParse(issuer)) throw new ConfigError(`AUTH_ISSUER must be a URL, got "${issuer}"`);
  return { issuer, audience, userIdClaim: env.AUTH_USER_ID_CLAIM || "sub" };
}

/** A deployed function never serves open, and never with a short key. Messages name the rule, never a key. */
function checkDeployedSecurity(mode: Config["mode"], apiKey: string | undefined) {
  if (mode === "open") {
    throw new ConfigError(
      "Refusing to start in open mode when deployed: set AUTH_ISSUER and AUTH_AUDIENCE (an identity provider) " +
        "or the ApiKey secret / API_KEY (service keys), so that this stage does not let anyone change anything",
    );
  }
  const keys = (apiKey ?? "").split(",").map((key) => key.trim()).filter(Boolean);
  const short = keys.findIndex((key) => key.length < MIN_DEPLOYED_KEY_LENGTH);
  if (short >= 0) {
    throw new ConfigError(
      `API_KEY: every service key must be at least ${MIN_DEPLOYED_KEY_LENGTH} characters when deployed (key ${short + 1} of ${keys.length} is shorter)`,
    );
  }
}

/** The start-up line's account of who may call: never a key. */
export function describeMode(config: Pick<Config, "mode" | "auth" | "apiKey">): string {
  if (config.mode === "open") return "open mode: no identity provider and no API key, anyone may change anything";
  const keys = createServiceKeys(config.apiKey).size;
  const parts = [
    ...(config.auth ? [`access tokens from ${config.auth.issuer} for ${config.auth.audience}`] : []),
    ...(keys > 0 ? [`${keys} service key${keys === 1 ? "" : "s"}`] : []),
  ];
  return `secured mode: ${parts.join(" and ")}`;
}

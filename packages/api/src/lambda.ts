/**
 * The AWS Lambda entry: the same HTTP app, behind API Gateway (REST API v1 and
 * HTTP API v2 events), through Hono's Lambda adapter.
 */
import { handle } from "hono/aws-lambda";
import { createDynamoClient, createEventService, DEFAULT_TABLE_NAME, isTableReachable } from "@events/core";
import { createApp } from "./http/app.js";

// Created once per Lambda container and reused by every invocation.
const tableName = process.env.DYNAMODB_TABLE_NAME || DEFAULT_TABLE_NAME;
const client = createDynamoClient();
const origins = process.env.CORS_ORIGINS?.split(",").map((origin) => origin.trim()).filter(Boolean);

export const handler = handle(
  createApp({
    events: createEventService({ client, tableName }),
    isStoreReachable: () => isTableReachable(client, tableName),
    corsOrigins: origins && origins.length > 0 && !origins.includes("*") ? origins : "*",
  }),
);

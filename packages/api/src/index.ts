export { createApp, type AppOptions } from "./http/app.js";
export { createNodeServer } from "./http/node-server.js";
export { TRPC_MAX_BATCH_SIZE } from "./http/trpc-endpoint.js";
export { appRouter, type AppRouter } from "./trpc/router.js";
export { buildOpenApiDocument } from "./rest/openapi.js";
export { API_ERROR_CODES, type ApiErrorCode } from "./protocol/error-table.js";
export { jsonLogger, type LogEntry, type Logger } from "./protocol/logger.js";
export { readConfig, type Config } from "./runtime/config.js";
export { openStore, type OpenStore } from "./runtime/store.js";

export { createApp, type AppOptions } from "./http/app.js";
export { appRouter, type AppRouter } from "./trpc/router.js";
export { buildOpenApiDocument } from "./rest/openapi.js";
export { readConfig, type Config } from "./config.js";
export { openStore, type OpenStore } from "./runtime/store.js";
export { createNodeServer } from "./http/node-server.js";

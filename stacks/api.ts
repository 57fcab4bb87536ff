/**
 * The API: an API Gateway HTTP API (payload v2) in front of the one function
 * (stacks/function.ts). Routes, CORS and throttling are in stacks/http.ts;
 * the access log's retention in stacks/operations.ts.
 */
import { CORS, ROUTES, THROTTLE, corsOrigins } from "./http";
import { fn, operations } from "./function";
import { webApp } from "./auth";
import { webOrigin } from "./web-settings";

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: corsOrigins(process.env.CORS_ORIGINS, webOrigin(webApp)),
    allowMethods: [...CORS.allowMethods],
    allowHeaders: [...CORS.allowHeaders],
    exposeHeaders: [...CORS.exposeHeaders],
    maxAge: `${CORS.maxAgeSeconds} seconds`,
  },
  // SST's access log (one line per request at the gateway), kept as long as the function's log.
  accessLog: { retention: operations.accessLogRetention },
  transform: {
    stage: {
      defaultRouteSettings: {
        throttlingRateLimit: THROTTLE.rateLimit,
        throttlingBurstLimit: THROTTLE.burstLimit,
      },
    },
  },
});

// One function for every route: routing its ARN (rather than handler args,
// which would build one function per route) keeps a single function, warm
// for all paths.
for (const route of ROUTES) api.route(route, fn.arn);

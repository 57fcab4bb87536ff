/**
 * What API Gateway does in front of the app: routes, CORS and throttling.
 * Pure (no SST globals), so packages/api/test/infra-table.test.ts checks it
 * against the app itself: every REST path of the OpenAPI document has a route,
 * and API Gateway's CORS answers what the app's own CORS middleware answers.
 */

/**
 * Every contract path goes to the one function, which answers it exactly as
 * `pnpm start` does. `ANY`, not one route per method: a wrong method must reach
 * the app for its 405 with `Allow`. `$default` catches everything else (an
 * unknown path is the app's JSON 404, not API Gateway's `{"message":"Not Found"}`).
 * The explicit routes are the contract's surface, visible in the console and
 * open to per-route settings; `$default` alone would route the same requests.
 */
export const ROUTES = [
  "ANY /events",
  "ANY /events/{eventId}",
  "ANY /trpc/{proxy+}",
  "ANY /openapi.json",
  "ANY /docs",
  "ANY /docs/{asset}",
  "ANY /health",
  "$default",
] as const;

/**
 * CORS at the gateway: it answers preflight `OPTIONS` itself (no Lambda
 * invocation, no cold start) and, once configured, replaces the CORS headers
 * of the function's responses. So these mirror the app's CORS middleware
 * (packages/api/src/http/app.ts; the test keeps them equal), and the origins
 * come from the same `CORS_ORIGINS` setting the app reads (`*` by default).
 */
export const CORS = {
  allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
  allowHeaders: ["Content-Type", "If-Match", "Authorization", "X-Api-Key", "X-Request-Id", "trpc-accept"],
  exposeHeaders: ["ETag", "Link", "Location", "X-Request-Id"],
  maxAgeSeconds: 600,
} as const;

/** `CORS_ORIGINS` (comma-separated, `*` for any), read as the app reads it. */
export function corsOrigins(value: string | undefined): string[] {
  const origins = (value ?? "*").split(",").map((origin) => origin.trim()).filter(Boolean);
  return origins.length === 0 || origins.includes("*") ? ["*"] : origins;
}

/**
 * Throttling, as the stage's default route settings (API Gateway's token
 * bucket, applied to each route): a steady 100 requests/s with bursts of 200
 * is far above what a small events API needs, and caps what a runaway client
 * or a loop can cost in Lambda and DynamoDB on-demand requests. Beyond it,
 * callers get 429 from the gateway. (The account-wide quota is 10,000/s with
 * a 5,000 burst.)
 */
export const THROTTLE = {
  rateLimit: 100,
  burstLimit: 200,
} as const;

/**
 * What API Gateway does in front of the app: routes, CORS and throttling.
 * Pure (no SST globals), so stacks/test/infra.test.ts checks it against the
 * app itself: every REST path of the OpenAPI document has a route.
 */
import { CORS_POLICY, parseCorsOrigins } from "@events/api/edge-policy";

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
  "ANY /events.ics",
  "ANY /events/{eventId}/calendar.ics",
  "ANY /events/{eventId}/registrations",
  "ANY /events/{eventId}/registrations/{userId}",
  "ANY /users/{userId}/registrations",
  "ANY /users/{userId}/calendar.ics",
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
 * of the function's responses; so it takes the app's own policy, and the
 * origins from the same `CORS_ORIGINS` setting the app reads (`*` by default).
 */
export const CORS = CORS_POLICY;

/** The allowed origins as API Gateway lists them. */
export function corsOrigins(value: string | undefined): string[] {
  const origins = parseCorsOrigins(value);
  return origins === "*" ? ["*"] : origins;
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

/**
 * What API Gateway does in front of the app: routes, CORS and throttling.
 * Pure (no SST globals), so stacks/test/infra.test.ts checks it against the
 * app itself.
 */
import { CORS_POLICY, parseCorsOrigins } from "@events/api/edge-policy";
import { servedPaths } from "@events/api/served-paths";

/**
 * A route per path the app serves, all to the one function. `ANY`: a wrong
 * method must reach the app for its 405 with `Allow`. `$default`: an unknown
 * path gets the app's JSON 404, not API Gateway's own. Explicit routes beside
 * `$default` make the surface visible in the console, open to per-route settings.
 */
export const ROUTES: readonly string[] = [...servedPaths().map((path) => `ANY ${path}`), "$default"];

/**
 * CORS at the gateway: it answers preflight `OPTIONS` itself (no Lambda
 * invocation, no cold start) and, once configured, replaces the CORS headers
 * of the function's responses; so it takes the app's own policy, and the
 * origins from the same `CORS_ORIGINS` setting the app reads (`*` by default).
 */
export const CORS = CORS_POLICY;

/**
 * The allowed origins as API Gateway lists them: CORS_ORIGINS's, and the
 * deployed web app's origin when it is known before deploying (its own domain,
 * stacks/web-settings.ts), which calls the API from the browser. `*` already allows it.
 */
export function corsOrigins(value: string | undefined, webOrigin?: string): string[] {
  const origins = parseCorsOrigins(value);
  if (origins === "*") return ["*"];
  return webOrigin === undefined || origins.includes(webOrigin) ? origins : [...origins, webOrigin];
}

/**
 * Throttling, as the stage's default route settings (API Gateway's token
 * bucket, per route): well above what a small events API needs, it caps what
 * a runaway client can cost in Lambda and DynamoDB requests (429 beyond it).
 */
export const THROTTLE = {
  rateLimit: 100,
  burstLimit: 200,
} as const;

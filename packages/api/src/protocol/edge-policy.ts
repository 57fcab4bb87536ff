/**
 * The CORS policy and the allowed origins, shared by the app's middleware
 * (http/app.ts) and API Gateway's CORS (stacks/api.ts): the gateway answers
 * preflights itself, so both must say the same. Pure data: stacks/ imports it.
 */
export const CORS_POLICY = {
  allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
  allowHeaders: ["Content-Type", "If-Match", "Idempotency-Key", "Authorization", "X-Api-Key", "X-Request-Id", "trpc-accept"],
  // WWW-Authenticate and Retry-After: a browser app can tell a refused token from an issuer that is down.
  exposeHeaders: ["ETag", "Link", "Location", "X-Request-Id", "WWW-Authenticate", "Retry-After"],
  maxAgeSeconds: 600,
} as const;

/** `CORS_ORIGINS` (comma-separated, `*` for any): `*` by default, and when any entry is `*`. */
export function parseCorsOrigins(value: string | undefined): "*" | string[] {
  const origins = (value ?? "*").split(",").map((origin) => origin.trim()).filter(Boolean);
  return origins.length === 0 || origins.includes("*") ? "*" : origins;
}

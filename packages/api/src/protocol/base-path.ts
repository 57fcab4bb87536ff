/**
 * The path prefix clients see in front of this app's paths: `/prod` for an
 * API Gateway REST API stage, or what a reverse proxy says in
 * `X-Forwarded-Prefix`. Links the API sends (Location, Link, the OpenAPI
 * server) carry it, so they resolve to where the client called.
 */
const PREFIX = /^(?:\/[A-Za-z0-9._~$-]+){1,8}$/;

export const FORWARDED_PREFIX = "x-forwarded-prefix";

/** The sanitized prefix ("" when none or malformed). */
export function basePathOf(headers: Headers): string {
  const prefix = headers.get(FORWARDED_PREFIX)?.replace(/\/+$/, "") ?? "";
  return PREFIX.test(prefix) ? prefix : "";
}

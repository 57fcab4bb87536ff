/**
 * Response hardening and the optional API key for writes.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { problemResponse } from "../rest/problem.js";

/**
 * Security headers. JSON responses get a CSP that allows nothing (they are
 * data, never a page); the docs page may load its own scripts and styles
 * (Swagger UI sets inline styles) and call this API.
 */
export function securityHeaders(): MiddlewareHandler {
  const common = {
    // An API's responses are meant to be read cross-origin (CORS decides by whom).
    crossOriginResourcePolicy: "cross-origin",
    crossOriginOpenerPolicy: false,
  } as const;
  const api = secureHeaders({
    ...common,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  const docs = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
  return (c, next) => (c.req.path === "/docs" || c.req.path.startsWith("/docs/") ? docs(c, next) : api(c, next));
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether a request may write: no key configured, or the right key sent. */
export type WriteAccess = "open" | "granted" | "missing" | "invalid";

/**
 * The API key check: the key comes as `X-Api-Key: <key>` or
 * `Authorization: Bearer <key>`, compared in constant time.
 */
export function apiKeyCheck(apiKey: string | undefined): (headers: Headers) => WriteAccess {
  if (!apiKey) return () => "open";
  const expected = digest(apiKey);
  return (headers) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
    const given = headers.get("x-api-key") ?? bearer;
    if (given === undefined) return "missing";
    // Compare digests: constant time, whatever the lengths.
    return timingSafeEqual(digest(given), expected) ? "granted" : "invalid";
  };
}

export const WRITE_DENIED: Record<"missing" | "invalid", string> = {
  missing: "This request needs an API key (X-Api-Key header)",
  invalid: "The API key is not valid",
};

/**
 * With an API key configured, every REST write (any method but GET, HEAD and
 * OPTIONS) must carry it; reads stay open. tRPC checks it per mutation, in
 * its own error format (trpc/init.ts), so /trpc is left to it.
 */
export function requireApiKeyForWrites(check: (headers: Headers) => WriteAccess): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.path.startsWith("/trpc/")) return next();
    const access = check(c.req.raw.headers);
    if (access === "open" || access === "granted") return next();
    return problemResponse(401, WRITE_DENIED[access], { headers: { "WWW-Authenticate": 'Bearer realm="events-api"' } });
  };
}

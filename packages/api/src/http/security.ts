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

/**
 * With an API key configured, every write (any method but GET, HEAD and
 * OPTIONS: REST writes and tRPC mutations alike) must carry it, as
 * `X-Api-Key: <key>` or `Authorization: Bearer <key>`. Reads stay open.
 */
export function requireApiKeyForWrites(apiKey: string | undefined): MiddlewareHandler {
  if (!apiKey) return (_c, next) => next();
  const expected = digest(apiKey);
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const given = c.req.header("x-api-key") ?? bearer;
    // Compare digests: constant time, whatever the lengths.
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    return problemResponse(401, given === undefined ? "This request needs an API key (X-Api-Key header)" : "The API key is not valid", {
      headers: { "WWW-Authenticate": 'Bearer realm="events-api"' },
    });
  };
}

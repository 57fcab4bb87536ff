/** Response hardening. */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

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

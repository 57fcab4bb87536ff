/** Response hardening. */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** Browser features neither the API nor its docs page ever uses: `Permissions-Policy` denies them all. */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "bluetooth",
  "camera",
  "displayCapture",
  "encryptedMedia",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "idleDetection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "pictureInPicture",
  "publickeyCredentialsGet",
  "screenWakeLock",
  "serial",
  "usb",
  "xrSpatialTracking",
] as const;

/**
 * Security headers. JSON responses get a CSP that allows nothing (they are
 * data, never a page); the docs page may load its own scripts and styles
 * (Swagger UI sets inline styles) and call this API. `base-uri` and
 * `form-action` do not fall back to `default-src`, so the page states them.
 */
export function securityHeaders(): MiddlewareHandler {
  const common = {
    // An API's responses are meant to be read cross-origin (CORS decides by whom).
    crossOriginResourcePolicy: "cross-origin",
    crossOriginOpenerPolicy: false,
    permissionsPolicy: Object.fromEntries(DENIED_FEATURES.map((feature) => [feature, false])),
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
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
  });
  return (c, next) => (c.req.path === "/docs" || c.req.path.startsWith("/docs/") ? docs(c, next) : api(c, next));
}

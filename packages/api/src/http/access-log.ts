/**
 * One structured JSON line per request, with the request id that the
 * response carries in X-Request-Id, so a client's report finds its log line.
 * Never a header, a body or a query string (tokens, keys, e-mail addresses).
 */
import type { MiddlewareHandler } from "hono";
import { loggedPath } from "../protocol/logged-path.js";
import { drops, type Logger } from "../protocol/logger.js";

export function accessLog(log: Logger): MiddlewareHandler {
  // Nothing to do per request when request lines would be dropped anyway (5xx are also logged as errors by the app).
  if (drops(log.level, "info")) return (_c, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId: c.get("requestId" as never),
      method: c.req.method,
      path: loggedPath(c.req.path),
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

/**
 * One structured JSON line per request, with the request id that the
 * response carries in X-Request-Id, so a client's report finds its log line.
 */
import type { MiddlewareHandler } from "hono";

export type LogEntry = Record<string, unknown> & { level: "info" | "warn" | "error"; msg: string };
export type Logger = ((entry: LogEntry) => void) & { level?: LogLevel };

export type LogLevel = "info" | "error" | "silent";
const RANK = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** JSON lines on stdout (errors on stderr), from `level` up. */
export function jsonLogger(level: LogLevel = "info"): Logger {
  const log: Logger = (entry) => {
    if (RANK[entry.level] < RANK[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
    if (entry.level === "error") console.error(line);
    else console.log(line);
  };
  log.level = level;
  return log;
}

export function accessLog(log: Logger): MiddlewareHandler {
  // Nothing to do per request when request lines would be dropped anyway (5xx are also logged as errors by the app).
  if (log.level !== undefined && RANK[log.level] > RANK.info) return (_c, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId: c.get("requestId" as never),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

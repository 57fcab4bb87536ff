/**
 * Response headers added after the handler, on the response it returned: a
 * middleware that touches `c.res` first makes Hono copy every response to
 * merge its headers in (a stream read, off Node's fast path for strings).
 */
import type { MiddlewareHandler } from "hono";

const nothingMore = async () => {};

/**
 * Hono's CORS middleware, run after the handler. A preflight (OPTIONS) is
 * still answered by the middleware itself, before any handler.
 */
export function corsAfterHandler(cors: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return cors(c, next);
    await next();
    await cors(c, nothingMore);
  };
}

/**
 * Echoes the request id (from Hono's `requestId()`, which must run first) on
 * every response, including those a handler builds itself: `requestId()`
 * only puts it among the headers Hono adds to responses built with `c.json()`
 * and the like.
 */
export function echoRequestId(headerName: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const id = c.get("requestId");
    if (id !== undefined) c.res.headers.set(headerName, id);
  };
}

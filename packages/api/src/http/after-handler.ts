/**
 * Response headers added after the handler, on the response it returned.
 *
 * Hono's `cors()` touches `c.res` before the handler runs, and `requestId()`
 * sets its header then too. Once `c.res` exists, Hono copies every response a
 * handler returns in order to merge those headers in: it reads the body as a
 * stream, and on Node the adapter then loses its fast path for string bodies.
 * That copy is a measurable share of a read's CPU (figures in
 * docs/benchmarks.md). The same middlewares, run once the response exists,
 * set the same headers on it and nothing is copied.
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

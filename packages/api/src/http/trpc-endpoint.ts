/**
 * /trpc: tRPC's fetch handler, plus the checks it leaves to the host: bodies
 * must be JSON in valid UTF-8 (tRPC reads them with `text()`, which turns bad
 * bytes into U+FFFD, and accepts form data and raw streams), and every error
 * is JSON in tRPC's envelope, so that typed clients can read it.
 */
import type { Context as HonoContext } from "hono";
import type { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { CreateContext } from "../trpc/context.js";
import { appRouter } from "../trpc/router.js";
import { WWW_AUTHENTICATE } from "../protocol/auth-errors.js";
import { describeError } from "../protocol/error-table.js";
import { personalHeadersOf } from "../protocol/personal-data.js";
import { readBodyText } from "../protocol/json-body.js";
import { trpcErrorBody, TRPC_PREFIX } from "../protocol/trpc-envelope.js";

/**
 * The most calls one /trpc request may carry: one HTTP request is otherwise
 * any number of store reads and writes. @events/client batches within it.
 */
export const TRPC_MAX_BATCH_SIZE = 10;

/** An error in tRPC's envelope (one per call of a batch), for failures outside a procedure. */
export function trpcErrorResponse(request: Request, status: number, code: TRPC_ERROR_CODE_KEY, detail: string): Response {
  const url = new URL(request.url);
  const calls = url.searchParams.get("batch") === "1" ? url.pathname.slice(TRPC_PREFIX.length).split(",").length : undefined;
  return new Response(trpcErrorBody(code, status, detail, calls), { status, headers: { "Content-Type": "application/json" } });
}

export function createTrpcEndpoint(options: {
  createContext: CreateContext;
  onInternalError: (c: HonoContext, error: unknown) => void;
}) {
  const personalHeaders = personalHeadersOf(appRouter);
  return async (c: HonoContext): Promise<Response> => {
    let req = c.req.raw;
    if (req.method === "POST") {
      const read = await readBodyText(req, false);
      if ("problem" in read) return trpcErrorResponse(req, read.problem.status, read.problem.code, read.problem.detail);
      req = new Request(req.url, { method: "POST", headers: req.headers, body: read.text });
    }

    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      req,
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req }) => options.createContext({ req }),
      // The first failure's headers (WWW-Authenticate, Retry-After), as REST sends them; personal data is not cached.
      responseMeta: ({ errors, paths }) => ({
        headers: { ...(errors[0] && describeError(errors[0]).headers), ...personalHeaders(paths ?? []) },
      }),
      onError: ({ error }: { error: TRPCError }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") options.onInternalError(c, error.cause ?? error);
      },
    });
    // tRPC labels some of its own errors (415, mixed batches, bad paths) text/plain,
    // and a 401 should say how to authenticate, as on REST.
    const mislabelled = response.status >= 400 && !response.headers.get("content-type")?.includes("json");
    if (mislabelled || response.status === 401) {
      const headers = new Headers(response.headers);
      if (mislabelled) headers.set("content-type", "application/json");
      if (response.status === 401 && !headers.has("WWW-Authenticate")) headers.set("WWW-Authenticate", WWW_AUTHENTICATE);
      return new Response(response.body, { status: response.status, headers });
    }
    return response;
  };
}

/**
 * Calls trpc-to-openapi's handler with a Fetch Request and gets a Fetch
 * Response back, building the handler once (the package's fetch adapter
 * rebuilds it per request). The body arrives already parsed: the REST handler
 * checks it first.
 */
import type { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import type { Context, CreateContext } from "../trpc/context.js";
import { appRouter } from "../trpc/router.js";

export interface BridgeResult {
  response: Response;
  /** The error behind an error response, for our own problem details. */
  failure?: TRPCError;
}

type ResponseMeta = (opts: { ctx?: Context; paths?: readonly string[]; data: unknown[]; errors: unknown[] }) => {
  status?: number;
  headers?: Record<string, string>;
};

export function createBridge(options: { createContext: CreateContext; responseMeta: ResponseMeta }) {
  const failures = new WeakMap<object, TRPCError>();
  const handle = createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: ({ req }: { req: Request }) => options.createContext({ req }),
    responseMeta: options.responseMeta as never,
    onError: ({ error, req }: { error: TRPCError; req: object }) => {
      failures.set(req, error);
    },
  } as never);

  /**
   * @param request the incoming request, seen through a proxy rather than
   * copied (a new Request per call is a measurable cost): `url` and `method`
   * as routed, `headers` when given, `body` already parsed.
   */
  return async function callBridge(
    request: Request,
    routed: { url: string; method: string; headers?: Headers; body?: unknown },
  ): Promise<BridgeResult> {
    const req = new Proxy(request, {
      get: (target, prop) => {
        if (prop === "body") return routed.body;
        if (prop === "url") return routed.url;
        if (prop === "method") return routed.method;
        if (prop === "headers" && routed.headers) return routed.headers;
        return (target as unknown as Record<PropertyKey, unknown>)[prop];
      },
    });
    const headers = new Headers();
    let status = 200;
    const response = await new Promise<Response>((resolve) => {
      const res = {
        setHeader(name: string, value: string | string[]) {
          for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
        },
        get statusCode() {
          return status;
        },
        set statusCode(code: number) {
          status = code;
        },
        end(text?: string) {
          resolve(new Response(status === 204 ? null : (text ?? null), { status, headers }));
        },
      };
      void handle(req as never, res as never);
    });
    const failure = failures.get(req);
    return failure ? { response, failure } : { response };
  };
}

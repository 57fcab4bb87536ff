/**
 * Calls made as a given caller (headers) over REST and over tRPC, answered in
 * one shape, so that every credential case runs on both transports.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import type { TestApi } from "./harness.js";

export interface AuthAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  detail?: string;
  /** tRPC only */
  code?: string;
  wwwAuthenticate: string | null;
  retryAfter: string | null;
  cacheControl: string | null;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** GET /me and a write (POST /events) as the caller these headers make. */
export interface AuthSurface {
  name: "REST" | "tRPC";
  me(headers: Record<string, string>): Promise<AuthAnswer>;
  createEvent(body: object, headers: Record<string, string>): Promise<AuthAnswer>;
}

export function restAuth(api: TestApi): AuthSurface {
  const answer = async (response: Response): Promise<AuthAnswer> => {
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    return {
      status: response.status,
      body,
      ...(response.status >= 400 && { detail: body?.detail }),
      wwwAuthenticate: response.headers.get("www-authenticate"),
      retryAfter: response.headers.get("retry-after"),
      cacheControl: response.headers.get("cache-control"),
    };
  };
  return {
    name: "REST",
    me: async (headers) => answer(await api.request("/me", { headers })),
    createEvent: async (body, headers) =>
      answer(await api.request("/events", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) })),
  };
}

export function trpcAuth(api: TestApi): AuthSurface {
  let last: Response | undefined;
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${api.baseUrl}/trpc`,
        headers: ({ op }) => (op.context as { headers?: Record<string, string> }).headers ?? {},
        fetch: async (input, init) => (last = await fetch(input as string, init as RequestInit)),
      }),
    ],
  });
  const call = async (run: () => Promise<unknown>): Promise<AuthAnswer> => {
    const headersOf = () => ({
      wwwAuthenticate: last!.headers.get("www-authenticate"),
      retryAfter: last!.headers.get("retry-after"),
      cacheControl: last!.headers.get("cache-control"),
    });
    try {
      const body = await run();
      return { status: last!.status, body, ...headersOf() };
    } catch (error) {
      if (!(error instanceof TRPCClientError)) throw error;
      const data = error.data as { httpStatus: number; code: string; detail: string };
      return { status: data.httpStatus, body: undefined, detail: data.detail, code: data.code, ...headersOf() };
    }
  };
  return {
    name: "tRPC",
    me: (headers) => call(() => client.me.get.query(undefined, { context: { headers } })),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createEvent: (body, headers) => call(() => client.events.create.mutate(body as any, { context: { headers } })),
  };
}

export const INVALID_TOKEN = /^Bearer realm="events-api", error="invalid_token", error_description="[^"]+"$/;
export const NO_CREDENTIAL = 'Bearer realm="events-api"';

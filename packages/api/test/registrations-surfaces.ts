/**
 * The registration operations through each way in, with one shape of answer
 * (status, body, detail, field errors, Location), so that one table of cases
 * runs over REST and over tRPC (registrations-contract.test.ts).
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import { nextLink } from "./rest-helpers.js";
import type { TestApi } from "./harness.js";

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  detail?: string;
  /** The fields a 422 names. */
  fields?: string[];
  /** REST only: the Location header. */
  location?: string | null;
}

type Body = Record<string, unknown>;

export interface Surface {
  name: "REST" | "tRPC";
  createEvent(body: Body, idempotencyKey?: string): Promise<Answer>;
  updateEvent(eventId: string, changes: Body): Promise<Answer>;
  deleteEvent(eventId: string): Promise<Answer>;
  register(eventId: string, body: Body, idempotencyKey?: string): Promise<Answer>;
  get(eventId: string, userId: string): Promise<Answer>;
  /** Every page, followed to the end (`status`, `limit` as query). */
  list(eventId: string, query?: { status?: string; limit?: number }): Promise<Answer>;
  unregister(eventId: string, userId: string): Promise<Answer>;
  listByUser(userId: string, query?: { limit?: number }): Promise<Answer>;
}

const json = (headers: Headers) => (headers.get("content-type") ?? "").includes("json");

export function restSurface(api: TestApi): Surface {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await api.json(method, path, body, headers);
    const problem = res.status >= 400 && json(res.headers) ? res.body : undefined;
    return {
      status: res.status,
      body: res.body,
      location: res.headers.get("location"),
      ...(problem && { detail: problem.detail }),
      ...(problem?.errors && { fields: problem.errors.map((e: { field: string }) => e.field) }),
    };
  };
  const keyed = (key?: string): Record<string, string> => (key === undefined ? {} : { "Idempotency-Key": key });
  const allPages = async (first: string): Promise<Answer> => {
    let path: string | undefined = first;
    const items: unknown[] = [];
    while (path) {
      const res = await api.json("GET", path);
      if (res.status !== 200) return call("GET", path);
      items.push(...(res.body as unknown[]));
      path = nextLink(res.headers.get("link"));
    }
    return { status: 200, body: items };
  };
  const query = (q: Record<string, unknown>) => {
    const params = new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])));
    return params.size ? `?${params}` : "";
  };
  return {
    name: "REST",
    createEvent: (body, key) => call("POST", "/events", body, keyed(key)),
    updateEvent: (eventId, changes) => call("PUT", `/events/${eventId}`, changes),
    deleteEvent: (eventId) => call("DELETE", `/events/${eventId}`),
    register: (eventId, body, key) => call("POST", `/events/${eventId}/registrations`, body, keyed(key)),
    get: (eventId, userId) => call("GET", `/events/${eventId}/registrations/${userId}`),
    list: (eventId, q = {}) => allPages(`/events/${eventId}/registrations${query(q)}`),
    unregister: (eventId, userId) => call("DELETE", `/events/${eventId}/registrations/${userId}`),
    listByUser: (userId, q = {}) => allPages(`/users/${userId}/registrations${query(q)}`),
  };
}

export function trpcSurface(api: TestApi): Surface {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${api.baseUrl}/trpc`,
        // The same header as over REST, per call.
        headers: ({ op }) => {
          const key = (op.context as { idempotencyKey?: string }).idempotencyKey;
          return key === undefined ? {} : { "Idempotency-Key": key };
        },
      }),
    ],
  });
  const answer = async (run: () => Promise<unknown>, status = 200): Promise<Answer> => {
    try {
      return { status, body: await run() };
    } catch (error) {
      if (!(error instanceof TRPCClientError)) throw error;
      const data = error.data as { httpStatus: number; detail: string; errors?: { field: string }[] };
      return {
        status: data.httpStatus,
        body: undefined,
        detail: data.detail,
        ...(data.errors && { fields: data.errors.map((e) => e.field) }),
      };
    }
  };
  const context = (key?: string) => ({ context: key === undefined ? {} : { idempotencyKey: key } });
  const pages = async <T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) => {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  return {
    name: "tRPC",
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createEvent: (body, key) => answer(() => client.events.create.mutate(body as any, context(key)), 201),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    updateEvent: (eventId, changes) => answer(() => client.events.update.mutate({ ...changes, eventId } as any)),
    deleteEvent: (eventId) => answer(() => client.events.delete.mutate({ eventId }), 204),
    register: (eventId, body, key) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      answer(() => client.registrations.create.mutate({ ...body, eventId } as any, context(key)), 201),
    get: (eventId, userId) => answer(() => client.registrations.get.query({ eventId, userId })),
    list: (eventId, q = {}) =>
      answer(() =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        pages((cursor) => client.registrations.list.query({ eventId, ...(q as any), ...(cursor && { cursor }) })),
      ),
    unregister: (eventId, userId) => answer(() => client.registrations.delete.mutate({ eventId, userId }), 204),
    listByUser: (userId, q = {}) =>
      answer(() => pages((cursor) => client.registrations.listByUser.query({ userId, ...q, ...(cursor && { cursor }) }))),
  };
}

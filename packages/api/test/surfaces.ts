/**
 * The event, registration and webhook operations through each way in, with one shape
 * of answer (status, body, detail, field errors), so that one table of cases
 * runs over REST and over tRPC (events-contract.test.ts,
 * registrations-contract.test.ts). What only one transport has (headers,
 * problem details, tRPC codes) stays reachable for that transport's own checks.
 */
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import { nextLink } from "./rest-helpers.js";
import type { JsonResponse, TestApi } from "./harness.js";

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  detail?: string;
  /** The fields a 422 names. */
  fields?: string[];
  /** A 422's entries, as sent. */
  errors?: { field: string; message: string }[];
  /** REST only: the Location header. */
  location?: string | null;
  /** REST only: the ETag header. */
  etag?: string | null;
  /** REST only: the whole response, for REST's own checks (problem details, headers). Not enumerable: see `aside`. */
  rest?: JsonResponse;
  /** tRPC only: the error's code. */
  code?: string;
  /** tRPC only: the client's error, for tRPC's own checks (its envelope). Not enumerable: see `aside`. */
  trpcError?: TRPCClientError<AppRouter>;
}

/** Adds what differs between two equal answers (request ids, stacks) so that `toEqual` of answers skips it. */
const aside = <K extends "rest" | "trpcError">(answer: Answer, key: K, value: Answer[K]): Answer =>
  Object.defineProperty(answer, key, { value, enumerable: false });

/** A list followed to the end: every item, and each page's items as they came. */
export interface ListAnswer extends Answer {
  pages?: unknown[][];
}

type Body = Record<string, unknown>;

export interface Surface {
  name: "REST" | "tRPC";
  createEvent(body: Body, idempotencyKey?: string): Promise<Answer>;
  getEvent(eventId: string): Promise<Answer>;
  /** `ifMatch` goes as the If-Match header on both transports. */
  updateEvent(eventId: string, changes: Body, ifMatch?: string): Promise<Answer>;
  deleteEvent(eventId: string, options?: { expectedVersion?: number }): Promise<Answer>;
  /** Every page of the events list, followed to the end. */
  listEvents(query?: { status?: string; from?: string; to?: string; limit?: number }): Promise<ListAnswer>;
  register(eventId: string, body: Body, idempotencyKey?: string): Promise<Answer>;
  get(eventId: string, userId: string): Promise<Answer>;
  /** Every page, followed to the end (`status`, `limit` as query). */
  list(eventId: string, query?: { status?: string; limit?: number }): Promise<Answer>;
  unregister(eventId: string, userId: string): Promise<Answer>;
  /** Every page, followed to the end (`status`, `limit` as query). */
  listByUser(userId: string, query?: { status?: string; limit?: number }): Promise<Answer>;
  /** Every page of a person's own events. */
  listByOwner(userId: string, query?: { status?: string; limit?: number }): Promise<ListAnswer>;
  issueCalendarToken(userId: string): Promise<Answer>;
  revokeCalendarToken(userId: string): Promise<Answer>;
  createWebhook(body: Body): Promise<Answer>;
  /** Every page of the caller's endpoints. */
  listWebhooks(query?: { limit?: number }): Promise<ListAnswer>;
  getWebhook(webhookId: string): Promise<Answer>;
  updateWebhook(webhookId: string, changes: Body): Promise<Answer>;
  deleteWebhook(webhookId: string): Promise<Answer>;
  rotateWebhookSecret(webhookId: string): Promise<Answer>;
  /** Every page of an endpoint's deliveries (`status`, `limit` as query). */
  listDeliveries(webhookId: string, query?: { status?: string; limit?: number }): Promise<ListAnswer>;
  retryDelivery(webhookId: string, messageId: string): Promise<Answer>;
  /** The same calls, as the caller these headers make (`Authorization`, `X-Api-Key`). */
  as(headers: Record<string, string>): Surface;
}

const json = (headers: Headers) => (headers.get("content-type") ?? "").includes("json");

export function restSurface(api: TestApi, caller: Record<string, string> = {}): Surface {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await api.json(method, path, body, { ...caller, ...headers });
    const problem = res.status >= 400 && json(res.headers) ? res.body : undefined;
    const answer: Answer = {
      status: res.status,
      body: res.body,
      location: res.headers.get("location"),
      etag: res.headers.get("etag"),
      ...(problem && { detail: problem.detail }),
      ...(problem?.errors && { errors: problem.errors, fields: problem.errors.map((e: { field: string }) => e.field) }),
    };
    return aside(answer, "rest", res);
  };
  const keyed = (key?: string): Record<string, string> => (key === undefined ? {} : { "Idempotency-Key": key });
  const allPages = async (first: string): Promise<ListAnswer> => {
    let path: string | undefined = first;
    const pages: unknown[][] = [];
    while (path) {
      const res = await api.json("GET", path, undefined, caller);
      if (res.status !== 200) return call("GET", path);
      pages.push(res.body as unknown[]);
      path = nextLink(res.headers.get("link"));
    }
    return { status: 200, body: pages.flat(), pages };
  };
  const query = (q: Record<string, unknown>) => {
    const params = new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])));
    return params.size ? `?${params}` : "";
  };
  return {
    name: "REST",
    createEvent: (body, key) => call("POST", "/events", body, keyed(key)),
    getEvent: (eventId) => call("GET", `/events/${eventId}`),
    updateEvent: (eventId, changes, ifMatch) =>
      call("PUT", `/events/${eventId}`, changes, ifMatch === undefined ? {} : { "If-Match": ifMatch }),
    deleteEvent: (eventId, { expectedVersion } = {}) => call("DELETE", `/events/${eventId}${query({ expectedVersion })}`),
    listEvents: (q = {}) => allPages(`/events${query(q)}`),
    register: (eventId, body, key) => call("POST", `/events/${eventId}/registrations`, body, keyed(key)),
    get: (eventId, userId) => call("GET", `/events/${eventId}/registrations/${userId}`),
    list: (eventId, q = {}) => allPages(`/events/${eventId}/registrations${query(q)}`),
    unregister: (eventId, userId) => call("DELETE", `/events/${eventId}/registrations/${userId}`),
    listByUser: (userId, q = {}) => allPages(`/users/${userId}/registrations${query(q)}`),
    listByOwner: (userId, q = {}) => allPages(`/users/${userId}/events${query(q)}`),
    issueCalendarToken: (userId) => call("POST", `/users/${userId}/calendar-token`),
    revokeCalendarToken: (userId) => call("DELETE", `/users/${userId}/calendar-token`),
    createWebhook: (body) => call("POST", "/webhooks", body),
    listWebhooks: (q = {}) => allPages(`/webhooks${query(q)}`),
    getWebhook: (webhookId) => call("GET", `/webhooks/${webhookId}`),
    updateWebhook: (webhookId, changes) => call("PUT", `/webhooks/${webhookId}`, changes),
    deleteWebhook: (webhookId) => call("DELETE", `/webhooks/${webhookId}`),
    rotateWebhookSecret: (webhookId) => call("POST", `/webhooks/${webhookId}/secret`),
    listDeliveries: (webhookId, q = {}) => allPages(`/webhooks/${webhookId}/deliveries${query(q)}`),
    retryDelivery: (webhookId, messageId) => call("POST", `/webhooks/${webhookId}/deliveries/${messageId}/retry`),
    as: (headers) => restSurface(api, headers),
  };
}

export function trpcSurface(api: TestApi, caller: Record<string, string> = {}): Surface {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${api.baseUrl}/trpc`,
        // The same headers as over REST, per call.
        headers: ({ op }) => ({ ...caller, ...(op.context as { headers?: Record<string, string> }).headers }),
      }),
    ],
  });
  const answer = async (run: () => Promise<unknown>, status = 200): Promise<Answer> => {
    try {
      return { status, body: await run() };
    } catch (error) {
      if (!(error instanceof TRPCClientError)) throw error;
      const data = error.data as { httpStatus: number; code: string; detail: string; errors?: { field: string; message: string }[] };
      const failure: Answer = {
        status: data.httpStatus,
        body: undefined,
        detail: data.detail,
        code: data.code,
        ...(data.errors && { errors: data.errors, fields: data.errors.map((e) => e.field) }),
      };
      return aside(failure, "trpcError", error as TRPCClientError<AppRouter>);
    }
  };
  const withHeaders = (headers: Record<string, string>) => ({ context: { headers } });
  const context = (key?: string) => withHeaders(key === undefined ? {} : { "Idempotency-Key": key });
  const readPages = async <T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) => {
    const pages: T[][] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };
  const pages = async <T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) =>
    (await readPages(read)).flat();
  return {
    name: "tRPC",
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createEvent: (body, key) => answer(() => client.events.create.mutate(body as any, context(key)), 201),
    getEvent: (eventId) => answer(() => client.events.get.query({ eventId })),
    updateEvent: (eventId, changes, ifMatch) =>
      answer(() =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        client.events.update.mutate({ ...changes, eventId } as any, withHeaders(ifMatch === undefined ? {} : { "If-Match": ifMatch })),
      ),
    deleteEvent: (eventId, { expectedVersion } = {}) =>
      answer(() => client.events.delete.mutate({ eventId, ...(expectedVersion !== undefined && { expectedVersion }) }), 204),
    listEvents: async (q = {}) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const read = (cursor?: string) => client.events.list.query({ ...(q as any), ...(cursor && { cursor }) });
      let all: unknown[][] = [];
      const result = await answer(async () => (all = await readPages(read)).flat());
      return Object.assign(result, result.status === 200 ? { pages: all } : {});
    },
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
      answer(() => pages((cursor) => client.registrations.listByUser.query({ userId, ...(q as any), ...(cursor && { cursor }) }))),
    listByOwner: (userId, q = {}) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      answer(() => pages((cursor) => client.events.listByOwner.query({ userId, ...(q as any), ...(cursor && { cursor }) }))),
    issueCalendarToken: (userId) => answer(() => client.calendar.issueToken.mutate({ userId }), 201),
    revokeCalendarToken: (userId) => answer(() => client.calendar.revokeToken.mutate({ userId }), 204),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createWebhook: (body) => answer(() => client.webhooks.create.mutate(body as any), 201),
    listWebhooks: async (q = {}) => {
      const read = (cursor?: string) => client.webhooks.list.query({ ...q, ...(cursor && { cursor }) });
      let all: unknown[][] = [];
      const result = await answer(async () => (all = await readPages(read)).flat());
      return Object.assign(result, result.status === 200 ? { pages: all } : {});
    },
    getWebhook: (webhookId) => answer(() => client.webhooks.get.query({ webhookId })),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    updateWebhook: (webhookId, changes) => answer(() => client.webhooks.update.mutate({ ...changes, webhookId } as any)),
    deleteWebhook: (webhookId) => answer(() => client.webhooks.delete.mutate({ webhookId }), 204),
    rotateWebhookSecret: (webhookId) => answer(() => client.webhooks.rotateSecret.mutate({ webhookId }), 201),
    listDeliveries: async (webhookId, q = {}) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const read = (cursor?: string) => client.webhooks.deliveries.query({ webhookId, ...(q as any), ...(cursor && { cursor }) });
      let all: unknown[][] = [];
      const result = await answer(async () => (all = await readPages(read)).flat());
      return Object.assign(result, result.status === 200 ? { pages: all } : {});
    },
    retryDelivery: (webhookId, messageId) => answer(() => client.webhooks.retry.mutate({ webhookId, messageId }), 202),
    as: (headers) => trpcSurface(api, headers),
  };
}

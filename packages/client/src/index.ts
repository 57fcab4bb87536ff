/**
 * The typed client of the Events API: a tRPC client for the API's router.
 *
 *   const api = createEventsClient("http://localhost:8000", { apiKey: process.env.EVENTS_API_KEY });
 *   const mine = createEventsClient(url, { token: () => auth.accessToken() }); // a signed-in person
 *   const event = await api.events.create.mutate({ title: "…", … });
 *   const page = await api.events.list.query({ status: "published", limit: 50 });
 *
 * Everything imported from the server's packages is a type: `import type` is
 * erased when compiled, so the client carries no server code (zod, ElectroDB,
 * the AWS SDK, Hono…), only @trpc/client. A test bundles it to keep it so.
 */
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  splitLink,
  TRPCClientError,
  type HTTPHeaders,
  type TRPCClient,
} from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter, Event, EventChanges, EventsErrorCode, MaxBatchSize, ReadOnlyField } from "./router.js";

export type {
  AppRouter,
  CreateEventInput,
  CreateRegistrationInput,
  CreatedWebhook,
  CreateWebhookInput,
  Delivery,
  DeliveryPage,
  Event,
  EventChanges,
  EventPage,
  EventStatus,
  ListEventsInput,
  ListRegistrationsInput,
  ListUserRegistrationsInput,
  Registration,
  RegistrationPage,
  UserRegistration,
  UserRegistrationPage,
  Webhook,
  WebhookChanges,
  WebhookMessage,
  WebhookMessageType,
  WebhookPage,
} from "./router.js";
export { TRPCClientError } from "@trpc/client";

/** What each procedure takes, e.g. `RouterInputs["events"]["update"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What each procedure returns, e.g. `RouterOutputs["events"]["list"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** The typed client: `client.events.create.mutate(…)`, `.get.query(…)`, `.list.query(…)`, `.update.mutate(…)`, `.delete.mutate(…)`. */
export type EventsClient = TRPCClient<AppRouter>;

/** The `fetch` the client calls (the global one unless given). */
export type EventsFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface EventsClientOptions {
  /**
   * Batch the calls made in the same tick into one HTTP request (tRPC's
   * `httpBatchLink`), at most as many per request as the server takes (10).
   * Default `true`; `false` sends one request per call (`httpLink`).
   */
  batch?: boolean;
  /** Sent as `X-Api-Key` on every request (a service's key: one of the server's `API_KEY` list). */
  apiKey?: string;
  /**
   * A person's access token, sent as `Authorization: Bearer <token>`: a string, or a function
   * (possibly async) called before every request, so that a refreshed token is used.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** More headers for every request: an object, or a function called per request (e.g. a fresh token). */
  headers?: HTTPHeaders | (() => HTTPHeaders | Promise<HTTPHeaders>);
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: EventsFetch;
  /** Where the tRPC endpoint is, relative to `baseUrl`. Default `/trpc`. */
  path?: string;
}

/**
 * A typed client for the Events API at `baseUrl` (e.g. `http://localhost:8000`,
 * or a deployed URL with its stage prefix, `https://…/prod`).
 */
export function createEventsClient(baseUrl: string | URL, options: EventsClientOptions = {}): EventsClient {
  const { batch = true, apiKey, token, headers, fetch: customFetch, path = "/trpc" } = options;
  const url = `${String(baseUrl).replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;

  const requestHeaders = async (key?: string): Promise<Record<string, string>> => {
    const extra = typeof headers === "function" ? await headers() : headers;
    const merged = new Headers();
    for (const [name, value] of headerEntries(extra)) merged.set(name, value);
    if (apiKey !== undefined) merged.set("X-Api-Key", apiKey);
    const bearer = typeof token === "function" ? await token() : token;
    if (bearer) merged.set("Authorization", `Bearer ${bearer}`);
    if (key !== undefined) merged.set("Idempotency-Key", key);
    return Object.fromEntries(merged);
  };
  const fetchOption = customFetch ? { fetch: customFetch } : {};
  // Typed as the server's cap, so the two cannot drift apart: more calls in a tick go in several requests.
  const maxItems: MaxBatchSize = 10;
  // A call with its own Idempotency-Key goes alone (a header is per request, a batch is one request).
  const single = httpLink({ url, headers: ({ op }) => requestHeaders(keyOf(op.context)), ...fetchOption });
  const shared = batch ? httpBatchLink({ url, maxItems, headers: () => requestHeaders(), ...fetchOption }) : single;
  return createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => keyOf(op.context) !== undefined, true: single, false: shared })],
  });
}

const keyOf = (context: Record<string, unknown>) =>
  typeof context.idempotencyKey === "string" ? context.idempotencyKey : undefined;

/**
 * Call options that send `Idempotency-Key: <key>` with a create, making it safe
 * to retry: the same key and input within 24 hours get the first answer again.
 *
 *   await api.registrations.create.mutate({ eventId, userId }, idempotencyKey(crypto.randomUUID()));
 */
export function idempotencyKey(key: string): { context: { idempotencyKey: string } } {
  return { context: { idempotencyKey: key } };
}

function headerEntries(headers: HTTPHeaders | undefined): Array<[string, string]> {
  if (!headers) return [];
  if (Symbol.iterator in headers) return [...(headers as Iterable<[string, string]>)];
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) entries.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  return entries;
}

/** The event a conditional write is based on: its id and the version that was read. */
export type EventVersion = Pick<Event, "eventId" | "version">;

/**
 * Update `current` only if nobody changed it since it was read: the
 * `If-Match: "<version>"` of REST, sent as `expectedVersion`. A stale version
 * fails with a `PRECONDITION_FAILED` error (412) and changes nothing.
 *
 *   const event = await api.events.get.query({ eventId });
 *   const updated = await updateIfMatch(api, event, { capacity: event.capacity + 10 });
 */
export function updateIfMatch(
  client: EventsClient,
  current: EventVersion,
  changes: Omit<EventChanges, ReadOnlyField>,
): Promise<Event> {
  return client.events.update.mutate({ ...changes, eventId: current.eventId, expectedVersion: current.version });
}

/** Delete `current` only if it is still at the version that was read (412 `PRECONDITION_FAILED` otherwise). */
export async function deleteIfMatch(client: EventsClient, current: EventVersion): Promise<void> {
  await client.events.delete.mutate({ eventId: current.eventId, expectedVersion: current.version });
}

/**
 * The pages of a list, one after the other (following `nextCursor`), e.g.
 * `for await (const page of pages(api, { status: "published", limit: 100 }))`.
 */
export async function* pages(
  client: EventsClient,
  input: Omit<RouterInputs["events"]["list"] & object, "cursor"> = {},
): AsyncGenerator<RouterOutputs["events"]["list"], void, undefined> {
  yield* followPages((cursor) => client.events.list.query({ ...input, ...(cursor ? { cursor } : {}) }));
}

/** Follows `nextCursor` through a list procedure's pages. */
async function* followPages<P extends { nextCursor: string | null }>(read: (cursor?: string) => Promise<P>): AsyncGenerator<P, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield page;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * The pages of an event's registrations (registered, then the waitlist in line order), e.g.
 * `for await (const page of registrationPages(api, { eventId, status: "waitlisted" }))`.
 */
export function registrationPages(
  client: EventsClient,
  input: Omit<RouterInputs["registrations"]["list"], "cursor">,
): AsyncGenerator<RouterOutputs["registrations"]["list"], void, undefined> {
  return followPages((cursor) => client.registrations.list.query({ ...input, ...(cursor ? { cursor } : {}) }));
}

/** The pages of one person's registrations, ordered by the event's date. */
export function userRegistrationPages(
  client: EventsClient,
  input: Omit<RouterInputs["registrations"]["listByUser"], "cursor">,
): AsyncGenerator<RouterOutputs["registrations"]["listByUser"], void, undefined> {
  return followPages((cursor) => client.registrations.listByUser.query({ ...input, ...(cursor ? { cursor } : {}) }));
}

export type { EventsErrorCode } from "./router.js";

/** Codes of the answers that come from the HTTP layer before tRPC (credentials, body limit, gateway throttling). */
const HTTP_CODES: Partial<Record<number, EventsErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

interface ProblemMeta {
  response?: { status?: number };
  responseJSON?: { detail?: unknown };
}

/**
 * The code of a failed call (`"NOT_FOUND"`, `"CONFLICT"`, `"PRECONDITION_FAILED"`,
 * `"UNPROCESSABLE_CONTENT"`, `"UNAUTHORIZED"`, …), or undefined when `error` is not an error from the API.
 */
export function errorCode(error: unknown): EventsErrorCode | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = (error as TRPCClientError<AppRouter>).data;
  if (data?.code) return data.code as EventsErrorCode;
  // An answer from before tRPC (e.g. the API-key check's 401) is a problem document, not a tRPC error.
  const status = (error.meta as ProblemMeta | undefined)?.response?.status;
  return status === undefined ? undefined : HTTP_CODES[status];
}

/** What went wrong, for people: the API's `detail` (e.g. "Event not found"), else the error's message. */
export function errorDetail(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    if (data?.detail) return data.detail;
    const detail = (error.meta as ProblemMeta | undefined)?.responseJSON?.detail;
    if (typeof detail === "string") return detail;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The app's one API module: the typed client, the query keys, and the
 * queries and mutations the components use (TanStack Query over @events/client).
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  createEventsClient,
  errorCode,
  errorDetail,
  TRPCClientError,
  updateIfMatch,
  type AppRouter,
  type CreateEventInput,
  type Event,
  type EventChanges,
  type EventStatus,
} from "@events/client";
import { accessToken } from "./auth.js";
import { API_URL } from "./config.js";

/** The person's access token, read per request (so a renewed one is used); no API key is ever in the bundle. */
export const api = createEventsClient(API_URL, { token: accessToken });

export type { Event, EventChanges, EventStatus };
export const STATUSES = ["draft", "published", "active", "cancelled", "completed"] as const satisfies readonly EventStatus[];
export const PAGE_SIZE = 20;
/** The organizer's roster reads more at a time: a full event's roster is a list to go through, not to browse. */
export const ROSTER_PAGE_SIZE = 100;

/** Query keys: everything under "events" is refetched after any write. */
const keys = {
  all: ["events"] as const,
  list: (status: EventStatus | undefined) => ["events", "list", status ?? "all"] as const,
  owned: (userId: string) => ["events", "owned", userId] as const,
  event: (eventId: string) => ["events", "event", eventId] as const,
  registrations: (eventId: string) => ["events", "registrations", eventId] as const,
  mine: (userId: string) => ["events", "mine", userId] as const,
  place: (eventId: string, userId: string) => ["events", "place", eventId, userId] as const,
};

/** Paging by the API's cursor for useInfiniteQuery: every list the app reads a page at a time goes through it. */
const byCursor = {
  initialPageParam: undefined as string | undefined,
  // null on the last page: no next page.
  getNextPageParam: (lastPage: { nextCursor: string | null }) => lastPage.nextCursor ?? undefined,
};
/** One page's query: `limit` items after `cursor` (none on the first page). */
const page = (limit: number, cursor: string | undefined) => ({ limit, ...(cursor ? { cursor } : {}) });

/** The events by date, a page at a time: every public one, or (with `owner`) that person's own, drafts included for themselves. */
export const eventListQuery = (status: EventStatus | undefined, owner?: string) =>
  infiniteQueryOptions({
    queryKey: owner ? keys.owned(owner) : keys.list(status),
    queryFn: ({ pageParam }) =>
      owner
        ? api.events.listByOwner.query({ userId: owner, ...page(PAGE_SIZE, pageParam) })
        : api.events.list.query({ ...page(PAGE_SIZE, pageParam), ...(status ? { status } : {}) }),
    ...byCursor,
  });

export const eventQuery = (eventId: string) =>
  queryOptions({ queryKey: keys.event(eventId), queryFn: () => api.events.get.query({ eventId }) });

/** The owner's roster: an event's registrations (registered first, then the line in order), a page at a time. */
export const registrationsQuery = (eventId: string) =>
  infiniteQueryOptions({
    queryKey: keys.registrations(eventId),
    queryFn: ({ pageParam }) => api.registrations.list.query({ eventId, ...page(ROSTER_PAGE_SIZE, pageParam) }),
    ...byCursor,
  });

/** The signed-in person's registrations by the event's date, with their events and waitlist positions, a page at a time. */
export const myRegistrationsQuery = (userId: string) =>
  infiniteQueryOptions({
    queryKey: keys.mine(userId),
    queryFn: ({ pageParam }) => api.registrations.listByUser.query({ userId, ...page(PAGE_SIZE, pageParam) }),
    ...byCursor,
  });

/**
 * The person's place at one event (null: none), read on its own: looking for it in their list
 * would miss it beyond the list's first page.
 */
export const myPlaceQuery = (eventId: string, userId: string) =>
  queryOptions({
    queryKey: keys.place(eventId, userId),
    queryFn: () =>
      api.registrations.get.query({ eventId, userId }).catch((error: unknown) => {
        if (errorCode(error) === "NOT_FOUND") return null;
        throw error;
      }),
  });

/** A mutation that refetches every event query (lists, the event, registrations) when it succeeds. */
function useWrite<Input, Output>(write: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  });
}

export const useCreateEvent = () => useWrite((input: CreateEventInput) => api.events.create.mutate(input));

/** Saves `changes` only if the event is still at the version the form was loaded from (If-Match). */
export const useUpdateEvent = () =>
  useWrite(({ current, changes }: { current: Event; changes: EventChanges }) => updateIfMatch(api, current, changes));

/**
 * Registers someone (an organizer, for their event: `{ userId }`) or, with no userId, the signed-in
 * person, with the name and e-mail from their profile when it has them.
 */
export const useRegister = (eventId: string) =>
  useWrite((who: { userId: string } | { name?: string; email?: string }) => api.registrations.create.mutate({ eventId, ...who }));

export const useCancelRegistration = (eventId: string) =>
  useWrite((userId: string) => api.registrations.delete.mutate({ eventId, userId }));

export const issueCalendarAddress = (userId: string) => api.calendar.issueToken.mutate({ userId });
export const revokeCalendarAddress = (userId: string) => api.calendar.revokeToken.mutate({ userId });

/** The API's per-field errors of an invalid input (its 422), by field name: `{ capacity: "must be …" }`. */
export function fieldErrors(error: unknown): Partial<Record<string, string>> {
  if (!(error instanceof TRPCClientError)) return {};
  const byField: Partial<Record<string, string>> = {};
  for (const { field, message } of (error as TRPCClientError<AppRouter>).data?.errors ?? []) {
    byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  }
  return byField;
}

/** True when a write was refused because the event changed since it was read (412). */
export const isStale = (error: unknown) => errorCode(error) === "PRECONDITION_FAILED";

export { errorCode, errorDetail };

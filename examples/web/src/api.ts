/**
 * The app's one API module: the typed client, the query keys, and the
 * queries and mutations the components use (TanStack Query over @events/client).
 */
import {
  infiniteQueryOptions,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
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

// Build-time settings (Vite's import.meta.env): see the README, "Organizer web app".
const env = import.meta.env;
/** The API's base URL; by default the page's own origin, whose dev server forwards /trpc to the API. */
const baseUrl = env.VITE_EVENTS_API_URL || window.location.origin;
/** Sent as X-Api-Key, for an API started with API_KEY (it ends up in the bundle: local use only). */
const apiKey = env.VITE_EVENTS_API_KEY || undefined;

export const api = createEventsClient(baseUrl, apiKey ? { apiKey } : {});

export type { Event, EventChanges, EventStatus };
export const STATUSES = ["draft", "published", "active", "cancelled", "completed"] as const satisfies readonly EventStatus[];
export const PAGE_SIZE = 20;

/** Query keys: everything under "events" is refetched after any write. */
const keys = {
  all: ["events"] as const,
  list: (status: EventStatus | undefined) => ["events", "list", status ?? "all"] as const,
  event: (eventId: string) => ["events", "event", eventId] as const,
  registrations: (eventId: string) => ["events", "registrations", eventId] as const,
};

export const eventListQuery = (status: EventStatus | undefined) =>
  infiniteQueryOptions({
    queryKey: keys.list(status),
    queryFn: ({ pageParam }) =>
      api.events.list.query({ limit: PAGE_SIZE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    // null on the last page: no next page.
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const eventQuery = (eventId: string) =>
  queryOptions({ queryKey: keys.event(eventId), queryFn: () => api.events.get.query({ eventId }) });

/** Every registration of an event (registered first, then the line), up to the API's largest page. */
export const registrationsQuery = (eventId: string) =>
  queryOptions({
    queryKey: keys.registrations(eventId),
    queryFn: () => api.registrations.list.query({ eventId, limit: 1000 }),
  });

/** A mutation that refetches every event query (lists, the event, its registrations) when it succeeds. */
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

export const useRegister = (eventId: string) =>
  useWrite((userId: string) => api.registrations.create.mutate({ eventId, userId }));

export const useCancelRegistration = (eventId: string) =>
  useWrite((userId: string) => api.registrations.delete.mutate({ eventId, userId }));

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

export { errorDetail };

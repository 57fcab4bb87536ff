/**
 * The events of a feed, gathered from paged lists: every page, up to
 * MAX_FEED_EVENTS. Any paged list of events is a source (the events list by
 * status, a user's registrations once mapped to their events), so a new feed
 * is a new source, not a new walk.
 */
import { dateOrder, type EventService, type EventStatus, type ListEventsInput } from "@events/core";
import { MAX_FEED_EVENTS, type CalendarEvent } from "../protocol/calendar/index.js";

export interface FeedPage {
  items: CalendarEvent[];
  nextCursor: string | null;
}

/** One page of a paged list, as the core's lists take it (`{ limit, cursor }`). */
export type PageSource = (page: { limit: number; cursor?: string }) => Promise<FeedPage>;

/** Every event of the sources, in date order; `tooMany` when they hold more than `max`. */
export type FeedContent = { events: CalendarEvent[] } | { tooMany: true };

/** Statuses of `GET /events.ics` without `status`: what is on, or about to be. */
export const DEFAULT_FEED_STATUSES: readonly EventStatus[] = ["published", "active"];

async function walk(source: PageSource, pageSize: number, max: number): Promise<CalendarEvent[] | undefined> {
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    // A full feed with a next page means more than `max` events: no need to read them.
    if (events.length >= max) return undefined;
    const page = await source({ limit: Math.min(pageSize, max - events.length), ...(cursor === undefined ? {} : { cursor }) });
    events.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return events;
}

/** The sources' events merged in the order of `GET /events` (date, then id), up to `max` in all. */
export async function collectFeed(sources: readonly PageSource[], pageSize: number, max = MAX_FEED_EVENTS): Promise<FeedContent> {
  const lists = await Promise.all(sources.map((source) => walk(source, pageSize, max)));
  if (lists.some((list) => list === undefined)) return { tooMany: true };
  const events = lists.flatMap((list) => list!);
  if (events.length > max) return { tooMany: true };
  if (sources.length === 1) return { events };
  const keyed = events.map((event) => ({ event, key: dateOrder(event.date, event.eventId) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { events: keyed.map(({ event }) => event) };
}

/** The filters of `GET /events` (and of its feed). */
export type EventFilters = Pick<ListEventsInput, "status" | "from" | "to">;

/** The events list's pages for these filters: one source per status (the default statuses without one). */
export function eventListSources(events: EventService, filters: EventFilters): PageSource[] {
  const statuses = filters.status === undefined ? DEFAULT_FEED_STATUSES : [filters.status];
  return statuses.map((status) => (page) => events.list({ ...filters, status, ...page }));
}

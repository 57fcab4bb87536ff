/**
 * The events of a feed, gathered from paged lists: every page, up to
 * MAX_FEED_EVENTS. Any paged list of events is a source (the events list by
 * status, a user's registrations once mapped to their events), so a new feed
 * is a new source, not a new walk.
 */
import { dateOrder, type Actor, type EventService, type EventStatus, type ListEventsInput, type RegistrationService } from "@events/core";
import { MAX_FEED_EVENTS, type CalendarEvent } from "../protocol/calendar/index.js";

export interface FeedPage {
  items: CalendarEvent[];
  nextCursor: string | null;
}

/** One page of a paged list, as the core's lists take it (`{ limit, cursor }`). */
export interface PageSource {
  (page: { limit: number; cursor?: string }): Promise<FeedPage>;
  /**
   * Its pages may hold entries the feed leaves out (places at events deleted since), so a page may bring fewer events
   * than its limit, or none: it is read in whole pages, and only the events kept count towards the maximum.
   */
  sparse?: boolean;
}

/** Every event of the sources, in date order; `tooMany` when they hold more than `max`. */
export type FeedContent = { events: CalendarEvent[] } | { tooMany: true };

/** Statuses of `GET /events.ics` without `status`: what is on, or about to be. */
export const DEFAULT_FEED_STATUSES: readonly EventStatus[] = ["published", "active"];

async function walk(source: PageSource, pageSize: number, max: number): Promise<CalendarEvent[] | undefined> {
  const events: CalendarEvent[] = [];
  let cursor: string | undefined;
  do {
    // One event past the maximum is enough to know the feed is too big (a sparse page may hold none, so it is read whole).
    const limit = source.sparse ? pageSize : Math.min(pageSize, max + 1 - events.length);
    const page = await source({ limit, ...(cursor === undefined ? {} : { cursor }) });
    events.push(...page.items);
    if (events.length > max) return undefined;
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

/** The events list's pages for these filters, as the actor sees them: one source per status (the default statuses without one). */
export function eventListSources(events: EventService, filters: EventFilters, actor: Actor): PageSource[] {
  const statuses = filters.status === undefined ? DEFAULT_FEED_STATUSES : [filters.status];
  return statuses.map((status) => (page) => events.list({ ...filters, status, ...page }, actor));
}

/**
 * The events a user holds a place at, in the order of their registrations (the events' date order): each page of
 * the core's list by user filtered to `registered` (a waitlisted person has no place yet), then those events read
 * whole in one batch. An event deleted between the two reads is left out, as it is from the list.
 */
export function userRegistrationSource(registrations: RegistrationService, events: EventService, userId: string, actor: Actor): PageSource {
  const source: PageSource = async (page) => {
    const { items, nextCursor } = await registrations.listByUser(userId, { ...page, status: "registered" }, actor);
    const held = items.map((registration) => registration.eventId);
    return { items: held.length === 0 ? [] : await events.getMany(held, actor), nextCursor };
  };
  source.sparse = true;
  return source;
}

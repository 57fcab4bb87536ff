/**
 * The calendar feeds (iCalendar): plain HTTP routes, as trpc-to-openapi can
 * only answer JSON. Each feed is a list of page sources (feed-pages.ts)
 * rendered by protocol/calendar; the filters are the events list's own schema.
 */
import type { Context as HonoContext, Hono } from "hono";
import { z } from "zod";
import { ListEventsInputSchema, UserIdSchema, type EventService, type RegistrationService, SERVICE } from "@events/core";
import { basePathOf } from "../protocol/base-path.js";
import {
  bodyEtag,
  CALENDAR_CONTENT_TYPE,
  isNotModified,
  loadRenderer,
  MAX_FEED_EVENTS,
  type CalendarEvent,
} from "../protocol/calendar/index.js";
import { describeDomainError, fieldErrors, invalidInput } from "../protocol/error-table.js";
import { describedProblem, problemResponse } from "../protocol/problem.js";
import type { Caller } from "@events/identity";
import type { Credentials } from "../protocol/credentials.js";
import { PERSONAL_HEADERS } from "../protocol/personal-data.js";
import { userDataDenial } from "../trpc/access.js";
import { collectFeed, eventListSources, userRegistrationSource, type PageSource } from "./feed-pages.js";

export const FEED_PATHS = {
  events: "/events.ics",
  event: "/events/{eventId}/calendar.ics",
  user: "/users/{userId}/calendar.ics",
} as const;

/** The filters of `GET /events`, validated by the same schema (paging is the feed's own business). */
export const FeedFiltersSchema = ListEventsInputSchema.pick({ status: true, from: true, to: true });
const FILTER_NAMES = Object.keys(FeedFiltersSchema.shape);

export const TOO_MANY_EVENTS =
  `This feed would hold more than ${MAX_FEED_EVENTS} events, the most a feed holds: ` +
  "narrow it with from and to (or status).";

export const TOO_MANY_REGISTRATIONS = `This person holds places at more than ${MAX_FEED_EVENTS} events, the most a feed holds.`;

/** A path's userId, checked as `GET /users/{userId}/registrations` checks it (the same 422). */
const UserPathSchema = z.object({ userId: UserIdSchema });
/** `/events/{eventId}/calendar.ics` as Hono writes it. */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

export interface FeedOptions {
  events: EventService;
  registrations: RegistrationService;
  /** Who is calling, resolved as for every other route. */
  credentials: Credentials;
  /** Events read per list page (small in tests, to walk several pages). */
  pageSize?: number;
}

type Feed = { path: string; serve: (c: HonoContext, options: FeedOptions, pageSize: number, caller: Caller) => Promise<Response> };

/** Every feed: its path and how it answers. */
const FEEDS: Feed[] = [
  {
    path: FEED_PATHS.events,
    async serve(c, options, pageSize) {
      const filters = FeedFiltersSchema.safeParse(queryOf(new URL(c.req.url)));
      if (!filters.success) return invalid(filters.error);
      return feedResponse(c, "Events", eventListSources(options.events, filters.data), pageSize, TOO_MANY_EVENTS);
    },
  },
  {
    path: FEED_PATHS.event,
    async serve(c, options) {
      const event = await options.events.get(c.req.param("eventId")!, SERVICE).catch(domainProblem);
      if (event instanceof Response) return event;
      return calendarResponse(c, event.title, [event]);
    },
  },
  {
    path: FEED_PATHS.user,
    async serve(c, options, pageSize, caller) {
      const path = UserPathSchema.safeParse({ userId: c.req.param("userId") });
      if (!path.success) return invalid(path.error);
      const { userId } = path.data;
      const denied = userDataDenial({ caller, secured: options.credentials.secured, missingCredentialDetail: options.credentials.missingDetail }, userId);
      if (denied) return domainProblem(denied);
      const source = userRegistrationSource(options.registrations, options.events, userId);
      const feed = await feedResponse(c, `Events for ${userId}`, [source], pageSize, TOO_MANY_REGISTRATIONS);
      for (const [name, value] of Object.entries(PERSONAL_HEADERS)) feed.headers.set(name, value);
      return feed;
    },
  },
];

export function mountFeeds(app: Hono, options: FeedOptions) {
  const pageSize = options.pageSize ?? MAX_FEED_EVENTS;
  for (const feed of FEEDS) {
    app.get(honoPath(feed.path), async (c) => {
      // Resolved on every feed: a refused credential is a 401 on every route, as over /trpc and REST.
      const caller = await options.credentials.resolveCaller(c.req.raw.headers).catch(domainProblem);
      return caller instanceof Response ? caller : feed.serve(c, options, pageSize, caller);
    });
  }
}

function invalid(error: z.ZodError): Response {
  const { detail, errors } = invalidInput(fieldErrors(error));
  return problemResponse(422, detail, { errors: errors! });
}

/** The filter parameters only; a repeated one stays a list, which the schema rejects as `GET /events` does. */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of FILTER_NAMES) {
    const values = url.searchParams.getAll(name);
    if (values.length > 0) query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/** A feed of these sources, or the problem that stopped it. */
async function feedResponse(c: HonoContext, name: string, sources: PageSource[], pageSize: number, tooMany: string): Promise<Response> {
  const content = await collectFeed(sources, pageSize).catch(domainProblem);
  if (content instanceof Response) return content;
  if ("tooMany" in content) return problemResponse(422, tooMany);
  return calendarResponse(c, name, content.events);
}

/** The calendar with its strong ETag; 304 (that ETag, no body) when `If-None-Match` names it. */
async function calendarResponse(c: HonoContext, name: string, events: readonly CalendarEvent[]): Promise<Response> {
  const baseUrl = `${new URL(c.req.url).origin}${basePathOf(c.req.raw.headers)}`;
  const body = (await loadRenderer())(events, { name, baseUrl });
  const etag = bodyEtag(body);
  if (isNotModified(c.req.header("if-none-match"), etag)) return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(body, { status: 200, headers: { "Content-Type": CALENDAR_CONTENT_TYPE, ETag: etag } });
}

/** A domain failure (not found, invalid range, store down) as its problem; anything else stays an error. */
function domainProblem(error: unknown): Response {
  const described = describeDomainError(error);
  if (!described) throw error;
  return describedProblem(described);
}

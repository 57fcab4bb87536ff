/**
 * The calendar feeds (iCalendar): plain HTTP routes, as trpc-to-openapi can
 * only answer JSON. Each feed is a list of page sources (feed-pages.ts)
 * rendered by protocol/calendar; the filters are the events list's own schema.
 */
import type { Context as HonoContext, Hono } from "hono";
import { z } from "zod";
import { ListEventsInputSchema, UserIdSchema, type Actor, type CalendarTokens, type EventService, type RegistrationService } from "@events/core";
import { basePathOf } from "../protocol/base-path.js";
import {
  bodyEtag,
  CALENDAR_CONTENT_TYPE,
  isNotModified,
  loadRenderer,
  MAX_FEED_EVENTS,
  SECRET_FEED_PATH,
  type CalendarEvent,
} from "../protocol/calendar/index.js";
import { describeDomainError, fieldErrors, invalidInput } from "../protocol/error-table.js";
import { describedProblem, problemResponse } from "../protocol/problem.js";
import type { Credentials } from "../protocol/credentials.js";
import { PERSONAL_HEADERS } from "../protocol/personal-data.js";
import { accessDenial, actorOf, identify, type AccessRowName } from "../protocol/access.js";
import { collectFeed, eventListSources, userRegistrationSource, type PageSource } from "./feed-pages.js";

export const FEED_PATHS = {
  events: "/events.ics",
  event: "/events/{eventId}/calendar.ics",
  user: "/users/{userId}/calendar.ics",
  /** A person's feed at its secret address (`POST /users/{userId}/calendar-token`). */
  secret: SECRET_FEED_PATH,
} as const;

export const UNKNOWN_FEED_TOKEN = "No calendar has this address (it was never issued, or it was replaced or revoked)";

/** The filters of `GET /events`, validated by the same schema (paging is the feed's own business). */
export const FeedFiltersSchema = ListEventsInputSchema.pick({ status: true, from: true, to: true });
const FILTER_NAMES = Object.keys(FeedFiltersSchema.shape);

export const TOO_MANY_EVENTS =
  `This feed would hold more than ${MAX_FEED_EVENTS} events, the most a feed holds: ` +
  "narrow it with from and to (or status).";

export const TOO_MANY_REGISTRATIONS = `This person holds places at more than ${MAX_FEED_EVENTS} events, the most a feed holds.`;

/** A path's userId, checked as `GET /users/{userId}/registrations` checks it (the same 422). */
const UserPathSchema = z.object({ userId: UserIdSchema });
/**
 * `/events/{eventId}/calendar.ics` as Hono writes it. A parameter followed by more of its segment
 * (`{token}.ics`) matches only with that suffix, and its value keeps it.
 */
export const honoPath = (path: string) =>
  path.replace(/\{([^}]+)\}([^/]*)/g, (_, name: string, suffix: string) =>
    suffix === "" ? `:${name}` : `:${name}{[^/]+${suffix.replace(/[.*+?^$()|[\]\\]/g, "\\$&")}}`,
  );

export interface FeedOptions {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: Pick<CalendarTokens, "userFor">;
  /** Who is calling, resolved as for every other route. */
  credentials: Credentials;
  /** Events read per list page (small in tests, to walk several pages). */
  pageSize?: number;
}

type Feed = {
  path: string;
  /** Its row of the access table (protocol/access.ts). */
  access: AccessRowName;
  /** `actor`: the caller as the core sees them (what they may see: drafts). */
  serve: (c: HonoContext, options: FeedOptions, pageSize: number, actor: Actor) => Promise<Response>;
};

/** Every feed: its path and how it answers. */
const FEEDS: Feed[] = [
  {
    path: FEED_PATHS.events,
    access: "readEvents",
    async serve(c, options, pageSize, actor) {
      const filters = FeedFiltersSchema.safeParse(queryOf(new URL(c.req.url)));
      if (!filters.success) return invalid(filters.error);
      return feedResponse(c, "Events", eventListSources(options.events, filters.data, actor), pageSize, TOO_MANY_EVENTS);
    },
  },
  {
    path: FEED_PATHS.event,
    access: "readEvents",
    async serve(c, options, _pageSize, actor) {
      const event = await options.events.get(c.req.param("eventId")!, actor).catch(domainProblem);
      if (event instanceof Response) return event;
      return calendarResponse(c, event.title, [event]);
    },
  },
  {
    path: FEED_PATHS.user,
    access: "userData",
    async serve(c, options, pageSize) {
      const path = UserPathSchema.safeParse({ userId: c.req.param("userId") });
      if (!path.success) return invalid(path.error);
      return personalFeed(c, options, pageSize, path.data.userId);
    },
  },
  {
    path: FEED_PATHS.secret,
    access: "secretFeed",
    async serve(c, options, pageSize) {
      const token = c.req.param("token")!.slice(0, -".ics".length);
      const userId = await options.calendarTokens.userFor(token).catch(domainProblem);
      if (userId instanceof Response) return userId;
      if (userId === undefined) return problemResponse(404, UNKNOWN_FEED_TOKEN);
      return personalFeed(c, options, pageSize, userId);
    },
  },
];

/**
 * A person's registered events as that person sees them, whoever fetches it (they, a service, their secret
 * address), so that both addresses serve one body and ETag; private to them.
 */
async function personalFeed(c: HonoContext, options: FeedOptions, pageSize: number, userId: string): Promise<Response> {
  const actor = actorOf({ kind: "person", userId }, options.credentials.secured);
  const source = userRegistrationSource(options.registrations, options.events, userId, actor);
  const feed = await feedResponse(c, `Events for ${userId}`, [source], pageSize, TOO_MANY_REGISTRATIONS);
  for (const [name, value] of Object.entries(PERSONAL_HEADERS)) feed.headers.set(name, value);
  return feed;
}

export function mountFeeds(app: Hono, options: FeedOptions) {
  const pageSize = options.pageSize ?? MAX_FEED_EVENTS;
  for (const feed of FEEDS) {
    app.get(honoPath(feed.path), async (c) => {
      // Resolved on every feed: a refused credential is a 401 on every route, as over /trpc and REST.
      const identity = await identify(options.credentials, c.req.raw.headers).catch(domainProblem);
      if (identity instanceof Response) return identity;
      const denied = accessDenial(identity, feed.access, c.req.param("userId"));
      if (denied) return domainProblem(denied);
      return feed.serve(c, options, pageSize, identity.actor);
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

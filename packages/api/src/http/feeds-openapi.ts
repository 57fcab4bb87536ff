/**
 * The feeds' part of the OpenAPI document, kept beside their routes: they are
 * not procedures, so the generator does not see them. Their filters are
 * copied from `GET /events`' own (generated from the same schema).
 */
import type { OpenAPIObject } from "trpc-to-openapi";
import { CALENDAR_CONTENT_TYPE, MAX_FEED_EVENTS } from "../protocol/calendar/index.js";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../protocol/problem.js";
import { FEED_PATHS, FeedFiltersSchema, TOO_MANY_EVENTS, TOO_MANY_REGISTRATIONS, UNKNOWN_FEED_TOKEN } from "./feeds.js";
import { DEFAULT_FEED_STATUSES } from "./feed-pages.js";
import { SECURITY } from "../rest/openapi.js";

type Json = Record<string, unknown>;

const TAG = {
  name: "calendar",
  description:
    "iCalendar (RFC 5545) feeds for Google Calendar, Apple Calendar and Outlook. Each carries a strong `ETag`; " +
    "send it back in `If-None-Match` to get a 304 with no body when nothing changed.",
};

const IF_NONE_MATCH = {
  name: "If-None-Match",
  in: "header",
  required: false,
  description: "The `ETag` of a copy already held (a list of tags, or `*`): 304 with no body when it is still current.",
  schema: { type: "string" },
};

const ETAG_HEADER = { description: "The strong entity tag of this response's body.", schema: { type: "string" } };
const problem = (description: string, example?: unknown) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" }, ...(example ? { example } : {}) } },
});
const CALENDAR_EXAMPLE = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Events API//Events API//EN\r\n…\r\nEND:VCALENDAR\r\n";

function calendarResponses(errors: Record<string, Json>) {
  return {
    200: {
      description: `The events as one VCALENDAR (\`${CALENDAR_CONTENT_TYPE}\`).`,
      headers: { ETag: ETAG_HEADER },
      content: { "text/calendar": { schema: { type: "string" }, example: CALENDAR_EXAMPLE } },
    },
    304: { description: "`If-None-Match` names the current `ETag`: nothing changed, no body.", headers: { ETag: ETAG_HEADER } },
    ...errors,
  };
}

/** The document with the feeds' paths and tag added. */
export function withFeedPaths(document: OpenAPIObject): OpenAPIObject {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const list = paths["/events"]!.get! as { parameters?: { name: string }[]; responses: Record<string, Json> };
  const filterNames = new Set(Object.keys(FeedFiltersSchema.shape));
  const filters = (list.parameters ?? []).filter((parameter) => filterNames.has(parameter.name));
  const unavailable = list.responses["503"]!;
  // A person's feed is theirs as their registrations are (the access table's userData row): that list's 401 and 403.
  const byUser = (paths["/users/{userId}/registrations"]!.get as { responses: Record<string, Json> }).responses;
  const eventId = (paths["/events/{eventId}"]!.get as { parameters: Json[] }).parameters.find((p) => p.in === "path")!;
  const userId = (paths["/users/{userId}/registrations"]!.get as { parameters: Json[] }).parameters.find((p) => p.in === "path")!;

  return {
    ...document,
    tags: [...(document.tags ?? []), TAG],
    paths: {
      ...document.paths,
      [FEED_PATHS.events]: {
        get: {
          operationId: "eventsFeed",
          summary: "Events as an iCalendar feed",
          description:
            `The events of \`GET /events\` with the same filters (default: ${DEFAULT_FEED_STATUSES.map((s) => `\`${s}\``).join(" and ")} ` +
            `events), in date order, every page of them. At most ${MAX_FEED_EVENTS} events: a larger feed is a 422 ` +
            "asking for a narrower `from`/`to` (never a silently cut list). Drafts only for their owner and services.",
          tags: [TAG.name],
          security: SECURITY,
          parameters: [...filters, IF_NONE_MATCH],
          responses: calendarResponses({
            // A credential is never needed here, but one that is sent and refused is a 401, as on `GET /events`.
            401: list.responses["401"]!,
            422: problem(`Invalid filters, as for \`GET /events\`; or more than ${MAX_FEED_EVENTS} events match.`, problemBody(422, TOO_MANY_EVENTS)),
            503: unavailable,
          }),
        },
      },
      [FEED_PATHS.event]: {
        get: {
          operationId: "eventFeed",
          summary: "One event as an iCalendar feed",
          description:
            "The event as a VCALENDAR with one VEVENT (`STATUS:CANCELLED` once cancelled). 404 if there is none, or if it is a draft " +
            "and the caller is neither its owner nor a service.",
          tags: [TAG.name],
          security: SECURITY,
          parameters: [eventId, IF_NONE_MATCH],
          responses: calendarResponses({
            401: (paths["/events/{eventId}"]!.get as { responses: Record<string, Json> }).responses["401"]!,
            404: (paths["/events/{eventId}"]!.get as { responses: Record<string, Json> }).responses["404"]!,
            503: unavailable,
          }),
        },
      },
      [FEED_PATHS.user]: {
        get: {
          operationId: "userFeed",
          summary: "A person's registered events as an iCalendar feed",
          description:
            "The events this person holds a place at (`registered`; not those they are waitlisted for), in date order, " +
            "as in `GET /users/{userId}/registrations`. A cancelled event stays, as `STATUS:CANCELLED`; a cancelled " +
            `registration or a deleted event leaves it. A person with none gets an empty calendar. At most ${MAX_FEED_EVENTS} events. ` +
            "Secured mode: the person's own access token or a service key (calendar apps that cannot send one use the secret address, " +
            "`POST /users/{userId}/calendar-token`). `Cache-Control: private, no-store`.",
          tags: [TAG.name],
          security: SECURITY,
          parameters: [userId, IF_NONE_MATCH],
          responses: calendarResponses({
            401: byUser["401"]!,
            403: byUser["403"]!,
            422: problem(
              `An invalid userId (as for \`GET /users/{userId}/registrations\`); or places at more than ${MAX_FEED_EVENTS} events.`,
              problemBody(422, TOO_MANY_REGISTRATIONS),
            ),
            503: unavailable,
          }),
        },
      },
      [FEED_PATHS.secret]: {
        get: {
          operationId: "secretUserFeed",
          summary: "A person's feed at its secret address",
          description:
            "The feed of `/users/{userId}/calendar.ics` for the person this address was made for (`POST /users/{userId}/calendar-token`): " +
            "the same body and `ETag`, with no other credential, for calendar apps that cannot send a token. An address never issued, " +
            "replaced by a newer one, or revoked is a 404.",
          tags: [TAG.name],
          security: [],
          parameters: [
            {
              name: "token",
              in: "path",
              required: true,
              description: "The secret token of the address (`url` of `POST /users/{userId}/calendar-token`).",
              schema: { type: "string", examples: ["q3Jx0aBcdEfGhIjKlMnOpQrStUvWxYz0123456789AB"] },
              example: "q3Jx0aBcdEfGhIjKlMnOpQrStUvWxYz0123456789AB",
            },
            IF_NONE_MATCH,
          ],
          responses: calendarResponses({
            404: problem("No calendar has this address.", problemBody(404, UNKNOWN_FEED_TOKEN)),
            422: problem(`The person holds places at more than ${MAX_FEED_EVENTS} events.`, problemBody(422, TOO_MANY_REGISTRATIONS)),
            503: unavailable,
          }),
        },
      },
    },
  } as unknown as OpenAPIObject;
}

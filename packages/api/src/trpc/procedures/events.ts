/**
 * The event procedures. Each is a thin call into the core service; the same
 * procedure objects serve typed clients at /trpc and, through their `openapi`
 * and `rest` metadata, the REST paths.
 */
import { z } from "zod";
import {
  CreateEventInputSchema,
  EventAlreadyExistsError,
  EventChangesSchema,
  EventPageSchema,
  EventSchema,
  ExpectedVersionSchema,
  ListEventsInputSchema,
  VersionMismatchError,
  CapacityBelowRegisteredError,
  WaitlistNotEmptyError,
  UserIdSchema,
} from "@events/core";
import { idempotencyOptions } from "../../protocol/idempotency-key.js";
import { BODY_PROBLEMS } from "../../protocol/json-body.js";
import { writeOptions } from "../../protocol/if-match.js";
import type { ErrorDoc } from "../../protocol/rest-contract.js";
import { publicProcedure, router } from "../init.js";
import { BODYLESS_WRITE_ERRORS, EVENT_NOT_FOUND, forbidden, JSON_WRITE_ERRORS, READ_ERRORS } from "./common-errors.js";
import { listContract } from "./lists.js";

/** The path's id. Any string: an id no event can have is simply not found. */
export const PathEventId = z
  .string()
  .meta({ description: "The event's id (case-sensitive).", examples: ["tech-conf-2024"] });

/** A delete has no body: over REST its expectedVersion is a query string, read as a number. */
const QueryExpectedVersion = z.coerce
  .number({ error: "must be a positive integer" })
  .int({ error: "must be a positive integer" })
  .min(1, { error: "must be a positive integer" })
  .optional()
  .meta({ description: "Delete only if the event is still at this version (412 otherwise). Same as `If-Match`." });

const TAG = ["events"];

const MALFORMED: ErrorDoc = { description: "Malformed JSON, or an update with no fields to change.", detail: BODY_PROBLEMS.notJson };
const VERSION_MISMATCH: ErrorDoc = {
  description: "`If-Match` (or `expectedVersion`) does not match the event's current version; nothing changed.",
  detail: new VersionMismatchError("").message,
};
const INVALID_FIELDS: ErrorDoc = {
  description: "Invalid input: `errors` names each invalid field.",
  invalid: { capacity: 0, capcity: 500 },
};

const PLACES_CONFLICT: ErrorDoc = {
  description:
    "The change would break the event's registrations: `capacity` below `registeredCount`, or `waitlistEnabled` " +
    "turned off while people are waiting. Nothing changed.",
  details: {
    capacityBelowRegistered: new CapacityBelowRegisteredError("tech-conf-2024", 120).message,
    waitlistNotEmpty: new WaitlistNotEmptyError("tech-conf-2024", 8).message,
  },
};

const NOT_THE_OWNER = "Only the event's owner or a service may change it";
const CHANGE_FORBIDDEN: ErrorDoc = {
  description: "Secured mode: the event is not the person's (only its owner or a service changes it), or a person named someone else as its owner.",
  details: { notTheOwner: NOT_THE_OWNER, handOver: "Only a service may hand an event over to someone else" },
};

/** An update's example: a partial change, as in the README. */
const UPDATE_EXAMPLE = { capacity: 150, status: "published" };

export const create = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/events",
      operationId: "createEvent",
      summary: "Create an event",
      description:
        "Stores a new event. Send `eventId` to choose the id (409 if it exists: nothing is overwritten); " +
        "otherwise a UUID is generated. `status` defaults to `draft`.",
      tags: TAG,
    },
    rest: {
      success: 201,
      description: "The stored event.",
      headers: { Location: "/events/{eventId}", ETag: true },
      errors: {
        ...JSON_WRITE_ERRORS,
        400: MALFORMED,
        403: forbidden("a person named someone else as the owner (`ownerId`): only a service may.", "Only a service may make someone else an event's owner"),
        409: {
          description: "An event with this eventId already exists; nothing was overwritten.",
          detail: new EventAlreadyExistsError("tech-conf-2024").message,
        },
        422: INVALID_FIELDS,
      },
      idempotent: true,
    },
    access: "createEvent",
  })
  .input(CreateEventInputSchema)
  .output(EventSchema)
  .mutation(({ ctx, input }) => ctx.events.create(input, ctx.actor, idempotencyOptions(ctx)));

export const get = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/events/{eventId}",
      operationId: "getEvent",
      summary: "Get an event",
      description:
        "The event with this id (case-sensitive), with its `ETag`; send that back in `If-Match` to update or " +
        "delete only this version. 404 if there is none.",
      tags: TAG,
    },
    rest: { success: 200, description: "The event.", headers: { ETag: true }, errors: { 404: EVENT_NOT_FOUND, ...READ_ERRORS } },
    access: "readEvents",
  })
  // Query parameters other than the path's are ignored, as on every GET.
  .input(z.object({ eventId: PathEventId }))
  .output(EventSchema)
  .query(({ ctx, input }) => ctx.events.get(input.eventId, ctx.actor));

/** A page, `{ items, nextCursor }` (the shape `useInfiniteQuery` expects); over REST its items, as `meta.rest.list` says. */
export const list = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/events",
      operationId: "listEvents",
      summary: "List events",
      description:
        "Events ordered by date (earliest first, across time zones), then eventId. Filter by `status` and by a " +
        "`from`/`to` date range (inclusive). When more results exist, the `Link` header carries the next page " +
        '(`rel="next"`). Each filter is an index query: its cost follows what it returns, not the table size.',
      tags: TAG,
    },
    rest: listContract("The events, as a JSON array.", { 422: { ...INVALID_FIELDS, invalid: { status: "soon" } } }),
    access: "readEvents",
  })
  .input(ListEventsInputSchema.optional())
  .output(EventPageSchema)
  .query(({ ctx, input }) => ctx.events.list(input ?? {}, ctx.actor));

/** One person's events: the owner index, paged and filtered as `GET /events`. */
export const listByOwner = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/users/{userId}/events",
      operationId: "listUserEvents",
      summary: "List a person's events",
      description:
        "The events this person owns (created, or was handed), ordered by date, then eventId; filtered by `status`, `from` and `to` " +
        "and paged with `limit`, `cursor` and the `Link` header, as `GET /events`. Drafts only for that person and services.",
      tags: TAG,
    },
    rest: listContract("The person's events, as a JSON array.", {
      422: { ...INVALID_FIELDS, description: "Invalid userId or query: `errors` names each.", invalid: { userId: "..", status: "soon" } },
    }),
    access: "userEvents",
  })
  .input(ListEventsInputSchema.extend({ userId: UserIdSchema }))
  .output(EventPageSchema)
  .query(({ ctx, input: { userId, ...query } }) => ctx.events.listByOwner(userId, query, ctx.actor));

export const update = publicProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/events/{eventId}",
      operationId: "updateEvent",
      summary: "Update an event",
      description:
        "Partial update: only the fields sent change. Never creates an event (404). The read-only fields a GET " +
        "returned may be sent back and are ignored; an `eventId` other than the path's is rejected. With " +
        "`If-Match` (or `expectedVersion`) the update applies only to that version (412 otherwise). Raising " +
        "`capacity` gives the new places to the waitlist, in line order, in the same change.",
      tags: TAG,
    },
    rest: {
      success: 200,
      description: "The updated event.",
      headers: { ETag: true },
      errors: { ...JSON_WRITE_ERRORS, 400: MALFORMED, 403: CHANGE_FORBIDDEN, 404: EVENT_NOT_FOUND, 409: PLACES_CONFLICT, 412: VERSION_MISMATCH, 422: INVALID_FIELDS },
      conditional: true,
      responseExample: { ...UPDATE_EXAMPLE, updatedAt: "2024-11-24T09:30:00.000Z", version: 2 },
    },
    access: "changeEvent",
  })
  .input(
    EventChangesSchema.extend({
      eventId: PathEventId,
      expectedVersion: ExpectedVersionSchema,
    }).meta({ examples: [UPDATE_EXAMPLE] }),
  )
  .output(EventSchema)
  .mutation(async ({ ctx, input: { eventId, expectedVersion, ...changes } }) =>
    ctx.events.update(eventId, changes, ctx.actor, await writeOptions(ctx.precondition, expectedVersion, () => ctx.events.get(eventId, ctx.actor))),
  );

export const remove = publicProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/events/{eventId}",
      operationId: "deleteEvent",
      summary: "Delete an event",
      description: "Deletes the event (404 if there is none). With `If-Match` (or `expectedVersion`), only that version.",
      tags: TAG,
    },
    rest: {
      success: 204,
      description: "Deleted; no body.",
      errors: {
        ...BODYLESS_WRITE_ERRORS,
        403: forbidden("the event is not the person's: only its owner or a service deletes it.", NOT_THE_OWNER),
        404: EVENT_NOT_FOUND,
        412: VERSION_MISMATCH,
        422: { ...INVALID_FIELDS, invalid: { expectedVersion: 0 } },
      },
      conditional: true,
    },
    access: "changeEvent",
  })
  .input(z.object({ eventId: PathEventId, expectedVersion: QueryExpectedVersion }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    const options = await writeOptions(ctx.precondition, input.expectedVersion, () => ctx.events.get(input.eventId, ctx.actor));
    await ctx.events.delete(input.eventId, ctx.actor, options);
  });

export const eventsRouter = router({ create, get, list, listByOwner, update, delete: remove });

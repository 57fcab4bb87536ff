/**
 * The event procedures. Each is a thin call into the core service; the same
 * procedure objects serve typed clients at /trpc and, through their `openapi`
 * metadata, the REST paths.
 */
import { z } from "zod";
import {
  CreateEventInputSchema,
  EventChangesSchema,
  EventPageSchema,
  EventSchema,
  ExpectedVersionSchema,
  ListEventsInputSchema,
} from "@events/core";
import { publicProcedure, router } from "../init.js";
import { expectedVersions } from "../if-match.js";

/** The path's id. Any string: an id no event can have is simply not found. */
const PathEventId = z
  .string()
  .meta({ description: "The event's id (case-sensitive).", example: "tech-conf-2024" });

/** A delete has no body: over REST its expectedVersion is a query string, read as a number. */
const QueryExpectedVersion = z.coerce
  .number({ error: "must be a positive integer" })
  .int({ error: "must be a positive integer" })
  .min(1, { error: "must be a positive integer" })
  .optional()
  .meta({ description: "Delete only if the event is still at this version (412 otherwise). Same as `If-Match`." });

const TAG = ["events"];

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
  })
  .input(CreateEventInputSchema)
  .output(EventSchema)
  .mutation(({ ctx, input }) => ctx.events.create(input));

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
  })
  // Query parameters other than the path's are ignored, as on every GET.
  .input(z.object({ eventId: PathEventId }))
  .output(EventSchema)
  .query(({ ctx, input }) => ctx.events.get(input.eventId));

/** Lists as pages: `{ items, nextCursor }`, the shape `useInfiniteQuery` expects. */
export const list = publicProcedure
  .input(ListEventsInputSchema.optional())
  .output(EventPageSchema)
  .query(({ ctx, input }) => ctx.events.list(input ?? {}));

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
        "`If-Match` (or `expectedVersion`) the update applies only to that version (412 otherwise).",
      tags: TAG,
    },
  })
  .input(
    EventChangesSchema.extend({
      eventId: PathEventId,
      expectedVersion: ExpectedVersionSchema,
    }),
  )
  .output(EventSchema)
  .mutation(({ ctx, input: { eventId, expectedVersion, ...changes } }) =>
    ctx.events.update(eventId, changes, { expectedVersions: expectedVersions(ctx.precondition, expectedVersion) }),
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
  })
  .input(z.object({ eventId: PathEventId, expectedVersion: QueryExpectedVersion }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.events.delete(input.eventId, {
      expectedVersions: expectedVersions(ctx.precondition, input.expectedVersion),
    });
  });

export const eventsRouter = router({ create, get, list, update, delete: remove });

/**
 * The registration procedures: thin calls into the core's registration
 * service, served to typed clients at /trpc and, through their `openapi` and
 * `rest` metadata, as the contract's REST paths.
 */
import { z } from "zod";
import {
  AlreadyRegisteredError,
  CreateRegistrationInputSchema,
  EventFullError,
  EventNotFoundError,
  EventNotOpenError,
  ListRegistrationsInputSchema,
  ListUserRegistrationsInputSchema,
  RegistrationNotFoundError,
  RegistrationPageSchema,
  RegistrationSchema,
  UserIdSchema,
  UserRegistrationPageSchema,
  type RegistrationRequest,
} from "@events/core";
import type { Caller } from "@events/identity";
import { BODY_PROBLEMS } from "../../protocol/json-body.js";
import { idempotencyOptions } from "../../protocol/idempotency-key.js";
import type { ErrorDoc } from "../../protocol/rest-contract.js";
import { publicProcedure, router } from "../init.js";
import {
  ANOTHERS_DATA_FORBIDDEN,
  badQuery,
  BODYLESS_WRITE_ERRORS,
  EVENT_NOT_FOUND,
  forbidden,
  JSON_WRITE_ERRORS,
  PERSONAL_READ_ERRORS,
} from "./common-errors.js";
import { listContract } from "./lists.js";
import { PathEventId } from "./events.js";

/** The path's user id. Any string: an id nobody can have is simply not registered. */
const PathUserId = z.string().meta({ description: "The person's id (case-sensitive).", examples: ["user-42"] });

const TAG = ["registrations"];

const NOT_REGISTERED: ErrorDoc = {
  description: "No such event, or this person is neither registered nor waitlisted for it.",
  details: {
    notRegistered: new RegistrationNotFoundError("", "").message,
    noSuchEvent: new EventNotFoundError("").message,
  },
};
const CONFLICT: ErrorDoc = {
  description:
    "Not registered; `detail` says why: the person is already registered, or already waitlisted; the event is " +
    "full and has no waitlist; or the event is not open for registration (its status is not `published` or `active`).",
  details: {
    alreadyRegistered: new AlreadyRegisteredError("user-42", "registered").message,
    alreadyWaitlisted: new AlreadyRegisteredError("user-42", "waitlisted").message,
    full: new EventFullError("tech-conf-2024").message,
    notOpen: new EventNotOpenError("tech-conf-2024", "draft").message,
  },
};
const INVALID_FIELDS: ErrorDoc = {
  description: "Invalid input (`errors` names each invalid field), or an `Idempotency-Key` that breaks its rule or was used with another body.",
  invalid: { userId: "", emial: "ada@example.com" },
};
const BAD_QUERY = badQuery({ status: "maybe" });

const NOT_THEIRS = forbidden(
  "the registration is neither the person's own nor of an event they own.",
  "Only the registrant, the event's owner or a service may do this",
);

const LINE_ORDER =
  "Registered people in the order they got their place, then the waitlist in line order (`position` 1 first). " +
  "Filter with `status`. When more results exist, the `Link` header carries the next page (`rel=\"next\"`).";

export const create = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/events/{eventId}/registrations",
      operationId: "createRegistration",
      summary: "Register for an event",
      description:
        "Takes a place when one is free and nobody is waiting (`registered`); otherwise joins the end of the " +
        "waitlist (`waitlisted`, with its `position`) if the event has one, or is a 409. Places are counted " +
        "atomically: never an oversell, whatever the concurrency. Secured mode: a person registers themselves (`userId` " +
        "left out or theirs; `name` and `email` left out are their access token's `name` and `email`), or anyone for an " +
        "event they own; a service registers anyone and names the `userId`.",
      tags: TAG,
    },
    rest: {
      success: 201,
      description: "The registration: `registered`, or `waitlisted` with its `position`.",
      headers: { Location: "/events/{eventId}/registrations/{userId}" },
      errors: {
        ...JSON_WRITE_ERRORS,
        400: { description: "Malformed JSON.", detail: BODY_PROBLEMS.notJson },
        403: forbidden(
          "a person registers themselves (`userId` left out, or theirs), or anyone for an event they own.",
          "A person registers only themselves, unless the event is theirs",
        ),
        404: EVENT_NOT_FOUND,
        409: CONFLICT,
        422: INVALID_FIELDS,
      },
      idempotent: true,
      personal: true,
    },
    access: "register",
  })
  .input(
    CreateRegistrationInputSchema.extend({
      eventId: PathEventId,
      userId: CreateRegistrationInputSchema.shape.userId
        .optional()
        .meta({ description: "Who registers. A signed-in person may leave it out (it is theirs); a service names them." }),
    }),
  )
  .output(RegistrationSchema)
  .mutation(({ ctx, input: { eventId, ...registration } }) =>
    ctx.registrations.create(eventId, withClaims(registration, ctx.caller), ctx.actor, idempotencyOptions(ctx)),
  );

/** A person registering themselves: the name and e-mail left out are their token's, when it has them. */
function withClaims(request: RegistrationRequest, caller: Caller): RegistrationRequest {
  if (caller.kind !== "person" || (request.userId !== undefined && request.userId !== caller.userId)) return request;
  return {
    ...request,
    ...(request.name === undefined && caller.name !== undefined && { name: caller.name }),
    ...(request.email === undefined && caller.email !== undefined && { email: caller.email }),
  };
}

export const get = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/events/{eventId}/registrations/{userId}",
      operationId: "getRegistration",
      summary: "Get a registration",
      description: "This person's registration for the event: `registered`, or `waitlisted` with their current `position`.",
      tags: TAG,
    },
    rest: { success: 200, description: "The registration.", errors: { 403: NOT_THEIRS, 404: NOT_REGISTERED, ...PERSONAL_READ_ERRORS }, personal: true },
    access: "readRegistration",
  })
  .input(z.object({ eventId: PathEventId, userId: PathUserId }))
  .output(RegistrationSchema)
  .query(({ ctx, input }) => ctx.registrations.get(input.eventId, input.userId, ctx.actor));

const ListInput = ListRegistrationsInputSchema.extend({ eventId: PathEventId });

/** A page, `{ items, nextCursor }` (the shape `useInfiniteQuery` expects); over REST its items, as `meta.rest.list` says. */
export const list = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/events/{eventId}/registrations",
      operationId: "listRegistrations",
      summary: "List an event's registrations",
      description: LINE_ORDER,
      tags: TAG,
    },
    rest: {
      ...listContract("The registrations, as a JSON array.", {
        ...PERSONAL_READ_ERRORS,
        403: forbidden(
          "the event is not the person's: only its owner or a service lists its registrations.",
          "Only the event's owner or a service may list its registrations",
        ),
        404: EVENT_NOT_FOUND,
        422: BAD_QUERY,
      }),
      personal: true,
    },
    access: "listRegistrations",
  })
  .input(ListInput)
  .output(RegistrationPageSchema)
  .query(({ ctx, input: { eventId, ...query } }) => ctx.registrations.list(eventId, query, ctx.actor));

export const remove = publicProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/events/{eventId}/registrations/{userId}",
      operationId: "deleteRegistration",
      summary: "Cancel a registration",
      description:
        "Removes the person from the event. When they held a place and someone is waiting, the first in line " +
        "gets the place in the same atomic step.",
      tags: TAG,
    },
    rest: {
      success: 204,
      description: "Cancelled; no body.",
      errors: { ...BODYLESS_WRITE_ERRORS, 403: NOT_THEIRS, 404: NOT_REGISTERED },
    },
    access: "cancelRegistration",
  })
  .input(z.object({ eventId: PathEventId, userId: PathUserId }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.registrations.delete(input.eventId, input.userId, ctx.actor);
  });

const ByUserInput = ListUserRegistrationsInputSchema.extend({ userId: UserIdSchema });

export const listByUser = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/users/{userId}/registrations",
      operationId: "listUserRegistrations",
      summary: "List a person's registrations",
      description:
        "This person's registrations, each with its event as it is now, ordered by the event's date; `[]` for " +
        "nobody. Filter with `status` (`registered` or `waitlisted`). Paginated with `limit`, `cursor` and the `Link` " +
        "header, as the other lists; with `status`, a page is `limit` of the person's entries less those of the other " +
        "status, so it may hold fewer (even none) and still have a next page.",
      tags: TAG,
    },
    rest: {
      ...listContract("The registrations, as a JSON array.", {
        ...PERSONAL_READ_ERRORS,
        403: ANOTHERS_DATA_FORBIDDEN,
        422: { description: "Invalid userId or query.", invalid: { userId: "..", status: "maybe" } },
      }),
      personal: true,
    },
    access: "userData",
  })
  .input(ByUserInput)
  .output(UserRegistrationPageSchema)
  .query(({ ctx, input: { userId, ...query } }) => ctx.registrations.listByUser(userId, query, ctx.actor));

export const registrationsRouter = router({ create, get, list, delete: remove, listByUser });

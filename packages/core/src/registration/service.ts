/**
 * The registration operations. Inputs arrive parsed (the edge validates them
 * with the zod schemas); every change of places goes through places/
 * (one transaction each, re-decided from fresh reads when a race cancels it).
 */
import {
  AlreadyRegisteredError,
  EventFullError,
  EventNotFoundError,
  EventNotOpenError,
  ForbiddenError,
  InvalidQueryError,
  RegistrationNotFoundError,
} from "../rules/errors.js";
import { EVENT_ID_PATTERN, LIST_LIMITS, OPEN_STATUSES } from "../rules/event-fields.js";
import { decodeCursor, encodeCursor } from "../rules/event-cursor.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";
import { batchGet } from "../store/batch-get.js";
import type { LineEntry, RegistrationItem, Store } from "../model/store.js";
import { fingerprint, idempotencyOf, type IdempotencyRecords } from "../idempotency/records.js";
import { manages, personId, sees, type Actor } from "../rules/actor.js";
import type { Places } from "../places/places.js";
import { MAX_PROMOTIONS_PER_TRANSACTION, ticketsOf, type EventState, type Promotion } from "../places/state.js";
import { decodeLineCursor, encodeLineCursor } from "../rules/line-cursor.js";
import { toRegistration } from "../places/messages.js";
import { REGISTRATION_STATUSES, type RegistrationStatus } from "../rules/registration-fields.js";
import {
  type CreateRegistrationInput,
  type ListRegistrationsInput,
  type ListUserRegistrationsInput,
  type Registration,
  type RegistrationPage,
  type UserRegistration,
  type UserRegistrationPage,
} from "../rules/registration-schema.js";

export interface IdempotencyOptions {
  /** The request's `Idempotency-Key`, parsed (IdempotencyKeySchema): a retry with the same key and body gets the first response. */
  idempotencyKey?: string;
  /** Whose keys these are (required with idempotencyKey): the same key under two scopes names two records. */
  idempotencyScope?: string;
}

/** A registration as asked for: a person may leave out `userId` (it is theirs). */
export type RegistrationRequest = Omit<CreateRegistrationInput, "userId"> & { userId?: string };

/**
 * Every method takes the actor it acts for. An event that is a draft the actor
 * may not see is EventNotFoundError; anything else the actor may not do is ForbiddenError.
 */
export interface RegistrationService {
  /**
   * Registers the person: `registered` when a place is free and nobody waits, else `waitlisted` (or EventFullError).
   * A person registers themselves, or anyone for an event they own; a service anyone (it must name the userId).
   */
  create(eventId: string, input: RegistrationRequest, actor: Actor, options?: IdempotencyOptions): Promise<Registration>;
  /** The registrant, the event's owner, or a service. */
  get(eventId: string, userId: string, actor: Actor): Promise<Registration>;
  /** Registered people in the order they got their place, then the waitlist in line order. The owner or a service. */
  list(eventId: string, query: ListRegistrationsInput, actor: Actor): Promise<RegistrationPage>;
  /**
   * One person's registrations, each with its event as it is now, ordered by the event's date. That person or a service.
   * A page reads `limit` index entries (and one more); with `status`, those of the other status are left out of it.
   */
  listByUser(userId: string, query: ListUserRegistrationsInput, actor: Actor): Promise<UserRegistrationPage>;
  /** Removes the registration; a place it frees goes to the first in line in the same transaction. The registrant, the owner, or a service. */
  delete(eventId: string, userId: string, actor: Actor): Promise<void>;
}

/** Where a registration is addressed (the `Location` of its create, kept with an idempotency record). */
export const registrationLocation = (eventId: string, userId: string) =>
  `/events/${eventId}/registrations/${userId}`;

/** Built by createServices (services.ts), over the store the other services share. */
export function createRegistrationService({ store, places, records }: { store: Store; places: Places; records: IdempotencyRecords }): RegistrationService {

  /** The event as read, when it exists and the actor sees it. */
  async function openEvent(eventId: string, actor: Actor): Promise<EventState> {
    const state = EVENT_ID_PATTERN.test(eventId) ? await places.readEvent(eventId) : undefined;
    if (!state) return places.missing(eventId);
    if (!sees(actor, state)) throw new EventNotFoundError(eventId);
    return state;
  }

  /** Who is registered, and whose ownership of the event the write then relies on (a person registering someone else). */
  function registrant(input: RegistrationRequest, actor: Actor): { userId: string; ownedBy?: string } {
    if (actor.kind === "anyone") throw new ForbiddenError("Only a signed-in person or a service may register");
    if (actor.kind === "service") {
      if (input.userId === undefined) throw new InvalidQueryError("userId", "is required");
      return { userId: input.userId };
    }
    const userId = input.userId ?? actor.userId;
    return userId === actor.userId ? { userId } : { userId, ownedBy: actor.userId };
  }

  /** A person acting on someone else's registration must own the event; returns the ownership the write relies on. */
  function mayActOn(state: EventState, userId: string, actor: Actor): { ownedBy?: string } {
    if (actor.kind === "service" || personId(actor) === userId) return {};
    if (actor.kind === "person" && manages(actor, state.ownerId)) return { ownedBy: actor.userId };
    throw new ForbiddenError("Only the registrant, the event's owner or a service may do this");
  }

  async function withPosition(eventId: string, item: RegistrationItem): Promise<Registration> {
    const ahead = item.status === "waitlisted" ? await places.waitingAhead(eventId, item.line) : 0;
    return toRegistration(item, ahead + 1);
  }

  /**
   * A recorded waitlisted response whose position is not in the record yet (its
   * request is still counting, or stopped before it could): the position now.
   */
  async function completeReplay(body: Registration): Promise<Registration> {
    if (body.status !== "waitlisted" || body.position !== undefined) return body;
    const state = await places.readEvent(body.eventId);
    const item = state && (await places.readRegistrationOf(state, body.userId));
    if (!item || item.status !== "waitlisted" || item.createdAt !== body.createdAt) return body;
    return withPosition(body.eventId, item);
  }

  return {
    async create(eventId, request, actor, options = {}) {
      const { userId, ownedBy } = registrant(request, actor);
      const input: CreateRegistrationInput = { ...request, userId };
      const key = idempotencyOf(options);
      const print = fingerprint({ operation: "registrations.create", params: { eventId }, body: input });

      return retryOnContention(async () => {
        if (key !== undefined) {
          const replay = await records.replay<Registration>(key, print);
          if (replay) return completeReplay(replay.body);
        }
        if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
        const stored = await places.readRegistration(eventId, input.userId);
        const outcome = await places.inTurn(eventId, async () => {
          // This attempt's place in arrival order, and the event just after; the commit follows at once.
          const state = await places.takeTickets(eventId, 1);
          if (!state) return places.missing(eventId);
          if (!sees(actor, state)) throw new EventNotFoundError(eventId);
          if (ownedBy !== undefined && state.ownerId !== ownedBy) {
            throw new ForbiddenError("A person registers only themselves, unless the event is theirs");
          }
          if (!OPEN_STATUSES.includes(state.status)) throw new EventNotOpenError(eventId, state.status);
          if (stored && places.belongsTo(stored, state)) return { existing: stored };
          // Free places owed to the line (a raise in steps, or a crash between them) go to it before the newcomer joins.
          if (places.unsettled(state) > 0) return { unsettled: true as const };

          let status: RegistrationStatus;
          if (state.registeredCount < state.capacity && state.waitlistCount === 0) status = "registered";
          else if (state.waitlistEnabled) status = "waitlisted";
          else throw new EventFullError(eventId);
          const line = ticketsOf(state, 1)[0]!;
          const timestamp = new Date().toISOString();
          const fields = { eventId, ...input, status, createdAt: timestamp, updatedAt: timestamp };
          const response = { status: 201, location: registrationLocation(eventId, input.userId), body: toRegistration(fields) };
          const committed = await places.commit(state, {
            ownedBy,
            join: {
              ...input,
              status,
              line,
              timestamp,
              extraItems: key === undefined ? undefined : (entities) => [records.put(entities, key, print, response)],
            },
          });
          return committed ? { fields, line, response } : undefined;
        });
        if (!outcome) return undefined;
        if ("existing" in outcome && outcome.existing) {
          // Written by a request with this key that won the race? Its record came in the same transaction.
          const replay = key === undefined ? undefined : await records.replay<Registration>(key, print);
          if (replay) return completeReplay(replay.body);
          throw new AlreadyRegisteredError(input.userId, outcome.existing.status);
        }
        if ("unsettled" in outcome) {
          await places.settle(eventId);
          return undefined;
        }
        const { fields, line, response } = outcome;
        if (fields.status === "registered") return response.body;
        // Nobody can join the line ahead of this commit any more, so the position counted now is the one in the list.
        const placed = toRegistration(fields, (await places.waitingAhead(eventId, line)) + 1);
        if (key !== undefined) await records.complete(key, print, { ...response, body: placed });
        return placed;
      });
    },

    async get(eventId, userId, actor) {
      const state = await openEvent(eventId, actor);
      mayActOn(state, userId, actor);
      const item = EVENT_ID_PATTERN.test(userId) ? await places.readRegistrationOf(state, userId) : undefined;
      if (!item) throw new RegistrationNotFoundError(eventId, userId);
      return withPosition(eventId, item);
    },

    async list(eventId, query, actor) {
      const limit = query.limit ?? LIST_LIMITS.default;
      const cursor = query.cursor === undefined ? undefined : decodeLineCursor(query.cursor);
      if (cursor === null) throw new InvalidQueryError("cursor", "is not a valid cursor");
      const state = await openEvent(eventId, actor);
      if (!manages(actor, state.ownerId)) throw new ForbiddenError("Only the event's owner or a service may list its registrations");

      const lanes = REGISTRATION_STATUSES.filter(
        (lane) =>
          (query.status === undefined || query.status === lane) &&
          (cursor === undefined || REGISTRATION_STATUSES.indexOf(lane) >= REGISTRATION_STATUSES.indexOf(cursor.lane)),
      );
      // One more than the page, so that the last page carries no cursor.
      const entries: LineEntry[] = [];
      for (const lane of lanes) {
        const after = cursor?.lane === lane ? cursor.line : undefined;
        entries.push(...(await places.readLane(eventId, lane, limit + 1 - entries.length, after)));
        if (entries.length > limit) break;
      }
      const page = entries.slice(0, limit);
      const firstWaiting = page.find((entry) => entry.lane === "waitlisted");
      let position = firstWaiting ? await places.waitingAhead(eventId, firstWaiting.line) : 0;
      const items = page.map((entry) =>
        toRegistration({ ...entry, status: entry.lane }, entry.lane === "waitlisted" ? ++position : undefined),
      );
      const last = page.at(-1);
      return { items, nextCursor: entries.length > limit && last ? encodeLineCursor(last) : null };
    },

    async listByUser(userId, query, actor) {
      if (actor.kind !== "service" && personId(actor) !== userId) {
        throw new ForbiddenError("A person's registrations are theirs and services' only");
      }
      // An id that breaks the id rules names nobody with registrations.
      if (!EVENT_ID_PATTERN.test(userId)) return { items: [], nextCursor: null };
      const limit = query.limit ?? LIST_LIMITS.default;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (after === null) throw new InvalidQueryError("cursor", "is not a valid cursor");
      const wanted = query.status;
      // Keys stored before the index was ordered by date sort before every other: the first page keys them.
      if (after === undefined) await places.keyStoredBefore(userId);

      // One query of the index, keyed by the events' date order: the page's `limit` entries and one more (for the
      // cursor), whatever the person holds. With `status`, the page's entries of the other status are left out, so
      // such a page may hold fewer than `limit` (or none) and still have a next one: a filter never makes a page
      // read more. The index is eventually consistent: the events and registrations are then read from the table.
      const byUser = store.entities.registration.query.byUser({ userId });
      const range = after === undefined ? byUser : byUser.gt({ eventOrder: after.dateOrder });
      const { data } = await guard(() => range.go({ ...RAW_ERRORS, limit: limit + 1 }));
      const read = data.slice(0, limit);
      const page = wanted === undefined ? read : read.filter((entry) => entry.status === wanted);

      const [events, current] = await Promise.all([
        batchGet(
          page.map(({ eventId }) => ({ eventId })),
          (keys) => store.entities.event.get(keys).go({ ...RAW_ERRORS, consistent: true }),
        ),
        batchGet(
          page.map(({ eventId }) => ({ eventId, userId })),
          (keys) => store.entities.registration.get(keys).go({ ...RAW_ERRORS, consistent: true }),
        ),
      ]);
      const eventsById = new Map(events.map((event) => [event.eventId, event]));
      const registrations = new Map(current.map((item) => [item.eventId, item]));
      const items: UserRegistration[] = [];
      for (const eventId of new Set(page.map((entry) => entry.eventId))) {
        const event = eventsById.get(eventId);
        const item = registrations.get(eventId);
        // Only registrations of events that exist now, of this incarnation, still held, with the status asked for.
        if (!event || !item || item.eventCreatedAt !== event.createdAt || (wanted !== undefined && item.status !== wanted)) continue;
        if (!sees(actor, event)) continue; // a draft of someone else's
        const { title, date, status } = event;
        items.push({ ...(await withPosition(eventId, item)), event: { eventId, title, date, status } });
      }
      const last = read.at(-1);
      return {
        items,
        nextCursor: data.length > limit && last?.eventOrder ? encodeCursor({ eventId: last.eventId, dateOrder: last.eventOrder }) : null,
      };
    },

    async delete(eventId, userId, actor) {
      await retryOnContention(async () => {
        let state = await openEvent(eventId, actor);
        const { ownedBy } = mayActOn(state, userId, actor);
        const leaving = EVENT_ID_PATTERN.test(userId) ? await places.readRegistrationOf(state, userId) : undefined;
        if (!leaving) throw new RegistrationNotFoundError(eventId, userId);
        const without = (s: EventState) => ({
          ...s,
          registeredCount: s.registeredCount - (leaving.status === "registered" ? 1 : 0),
          waitlistCount: s.waitlistCount - (leaving.status === "waitlisted" ? 1 : 0),
        });
        // The place it frees goes to the first in line in the same transaction.
        let promote: Promotion[] = [];
        const due = Math.min(places.unsettled(without(state)), MAX_PROMOTIONS_PER_TRANSACTION);
        if (due > 0) {
          const next = await places.nextInLine(eventId, due, leaving.status === "waitlisted" ? leaving.line : undefined);
          if (!next) return undefined;
          ({ state, promote } = next);
        }
        if (!(await places.commit(state, { ownedBy, leave: leaving, promote }))) return undefined;
        // A large promotion left unfinished (after a capacity raise) is finished by this change too.
        if (places.unsettled(without(state)) > promote.length) await places.settle(eventId);
        return true;
      });
    },
  };
}

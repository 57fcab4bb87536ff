/**
 * The registration operations. Inputs are validated with the zod schemas
 * before they reach the store; every change of places goes through places.ts
 * (one transaction each, re-decided from fresh reads when a race cancels it).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import {
  AlreadyRegisteredError,
  EventFullError,
  EventNotFoundError,
  EventNotOpenError,
  InvalidQueryError,
  RegistrationNotFoundError,
} from "../errors.js";
import { EVENT_ID_PATTERN, LIST_LIMITS, OPEN_STATUSES } from "../event/fields.js";
import { dateOrder } from "../event/item.js";
import { decodeCursor, encodeCursor } from "../event/cursor.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";
import { batchGet } from "../store/batch-get.js";
import { createStore } from "../store/entities.js";
import { fingerprint, idempotencyRecords } from "../idempotency/records.js";
import { IdempotencyKeySchema } from "../idempotency/key.js";
import { createPlaces, MAX_PROMOTIONS_PER_TRANSACTION, type EventState, type LineEntry, type RegistrationItem } from "./places.js";
import { decodeLineCursor, encodeLineCursor } from "./cursor.js";
import { REGISTRATION_STATUSES, type RegistrationStatus } from "./fields.js";
import {
  CreateRegistrationInputSchema,
  ListRegistrationsInputSchema,
  ListUserRegistrationsInputSchema,
  UserIdSchema,
  type CreateRegistrationInput,
  type ListRegistrationsInput,
  type ListUserRegistrationsInput,
  type Registration,
  type RegistrationPage,
  type UserRegistration,
  type UserRegistrationPage,
} from "./schema.js";

export interface IdempotencyOptions {
  /** The request's `Idempotency-Key`: a retry with the same key and body gets the first response. */
  idempotencyKey?: string;
}

export interface RegistrationService {
  /** Registers the person: `registered` when a place is free and nobody waits, else `waitlisted` (or EventFullError). */
  create(eventId: string, input: CreateRegistrationInput, options?: IdempotencyOptions): Promise<Registration>;
  get(eventId: string, userId: string): Promise<Registration>;
  /** Registered people in the order they got their place, then the waitlist in line order. */
  list(eventId: string, query?: ListRegistrationsInput): Promise<RegistrationPage>;
  /** One person's registrations, each with its event as it is now, ordered by the event's date. */
  listByUser(userId: string, query?: ListUserRegistrationsInput): Promise<UserRegistrationPage>;
  /** Removes the registration; a place it frees goes to the first in line in the same transaction. */
  delete(eventId: string, userId: string): Promise<void>;
}

/** Where a registration is addressed (the `Location` of its create, kept with an idempotency record). */
export const registrationLocation = (eventId: string, userId: string) =>
  `/events/${eventId}/registrations/${userId}`;

/** The public shape, field order fixed; `position` only while waitlisted. */
function toRegistration(item: Omit<LineEntry, "lane" | "line"> & { status: RegistrationStatus }, position?: number): Registration {
  const { eventId, userId, name, email, status, createdAt, updatedAt } = item;
  return {
    eventId,
    userId,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    status,
    ...(status === "waitlisted" && position !== undefined ? { position } : {}),
    createdAt,
    updatedAt,
  };
}

export function createRegistrationService(options: { client: DynamoDBClient; tableName: string }): RegistrationService {
  const store = createStore(options.client, options.tableName);
  const places = createPlaces(store);
  const records = idempotencyRecords(store);

  async function openEvent(eventId: string): Promise<EventState> {
    const state = EVENT_ID_PATTERN.test(eventId) ? await places.readEvent(eventId) : undefined;
    if (!state) throw new EventNotFoundError(eventId);
    return state;
  }

  async function withPosition(eventId: string, item: RegistrationItem): Promise<Registration> {
    const ahead = item.status === "waitlisted" ? await places.waitingAhead(eventId, item.line) : 0;
    return toRegistration(item, ahead + 1);
  }

  return {
    async create(eventId, raw, { idempotencyKey } = {}) {
      const input = CreateRegistrationInputSchema.parse(raw);
      const key = idempotencyKey === undefined ? undefined : IdempotencyKeySchema.parse(idempotencyKey);
      const print = fingerprint({ operation: "registrations.create", params: { eventId }, body: input });

      return retryOnContention(async () => {
        if (key !== undefined) {
          const replay = await records.replay<Registration>(key, print);
          if (replay) return replay.body;
        }
        const state = await openEvent(eventId);
        if (!OPEN_STATUSES.includes(state.status)) throw new EventNotOpenError(eventId, state.status);
        const existing = await places.readRegistration(state, input.userId);
        if (existing) {
          // Written by a request with this key that won the race? Its record came in the same transaction.
          const replay = key === undefined ? undefined : await records.replay<Registration>(key, print);
          if (replay) return replay.body;
          throw new AlreadyRegisteredError(input.userId, existing.status);
        }

        // Places that free waiting people first (a capacity raise not finished yet) go to the line, not to the newcomer.
        const due = places.unsettled(state);
        const promote = await places.readLane(eventId, "waitlisted", Math.min(due, MAX_PROMOTIONS_PER_TRANSACTION));
        if (promote.length < Math.min(due, MAX_PROMOTIONS_PER_TRANSACTION)) return undefined;
        if (due > MAX_PROMOTIONS_PER_TRANSACTION) {
          await places.commit(state, { promote });
          return undefined; // more to promote before the newcomer is placed: decide again
        }
        const registered = state.registeredCount + promote.length;
        const waiting = state.waitlistCount - promote.length;
        let status: RegistrationStatus;
        if (registered < state.capacity && waiting === 0) status = "registered";
        else if (state.waitlistEnabled) status = "waitlisted";
        else throw new EventFullError(eventId);

        const timestamp = new Date().toISOString();
        const registration = toRegistration({ eventId, ...input, status, createdAt: timestamp, updatedAt: timestamp }, waiting + 1);
        const committed = await places.commit(state, {
          promote,
          join: {
            ...input,
            status,
            timestamp,
            extraItems:
              key === undefined
                ? undefined
                : (entities) => [
                    records.put(entities, key, print, {
                      status: 201,
                      location: registrationLocation(eventId, input.userId),
                      body: registration,
                    }),
                  ],
          },
        });
        return committed ? registration : undefined;
      });
    },

    async get(eventId, userId) {
      const state = await openEvent(eventId);
      const item = EVENT_ID_PATTERN.test(userId) ? await places.readRegistration(state, userId) : undefined;
      if (!item) throw new RegistrationNotFoundError(eventId, userId);
      return withPosition(eventId, item);
    },

    async list(eventId, raw = {}) {
      const query = ListRegistrationsInputSchema.parse(raw);
      const limit = query.limit ?? LIST_LIMITS.default;
      const cursor = query.cursor === undefined ? undefined : decodeLineCursor(query.cursor);
      if (cursor === null) throw new InvalidQueryError("cursor", "is not a valid cursor");
      await openEvent(eventId);

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

    async listByUser(rawUserId, raw = {}) {
      const userId = z.object({ userId: UserIdSchema }).parse({ userId: rawUserId }).userId;
      const query = ListUserRegistrationsInputSchema.parse(raw);
      const limit = query.limit ?? LIST_LIMITS.default;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (after === null) throw new InvalidQueryError("cursor", "is not a valid cursor");

      // The index is eventually consistent: it finds the user's registrations; the
      // events and the registrations themselves are then read from the table.
      const { data: indexed } = await guard(() =>
        store.entities.registration.query.byUser({ userId }).go({ ...RAW_ERRORS, pages: "all" }),
      );
      const events = await batchGet(
        indexed.map(({ eventId }) => ({ eventId })),
        (keys) => store.entities.event.get(keys).go({ ...RAW_ERRORS, consistent: true }),
      );
      const byId = new Map(events.map((event) => [event.eventId, event]));
      // Only registrations of events that exist now, and of this incarnation of the event.
      const ordered = indexed
        .flatMap((registration) => {
          const event = byId.get(registration.eventId);
          return event && event.createdAt === registration.eventCreatedAt
            ? [{ event, order: dateOrder(event.date, event.eventId) }]
            : [];
        })
        .filter(({ order }) => after === undefined || order > after.dateOrder)
        .sort((a, b) => (a.order < b.order ? -1 : 1));

      const page = ordered.slice(0, limit);
      const current = await batchGet(
        page.map(({ event }) => ({ eventId: event.eventId, userId })),
        (keys) => store.entities.registration.get(keys).go({ ...RAW_ERRORS, consistent: true }),
      );
      const registrations = new Map(current.map((item) => [item.eventId, item as RegistrationItem]));
      const items: UserRegistration[] = [];
      for (const { event } of page) {
        const item = registrations.get(event.eventId);
        if (!item || item.eventCreatedAt !== event.createdAt) continue; // left since the index was read
        const { eventId, title, date, status } = event;
        items.push({ ...(await withPosition(eventId, item)), event: { eventId, title, date, status } });
      }
      const last = page.at(-1);
      return {
        items,
        nextCursor: ordered.length > limit && last ? encodeCursor({ eventId: last.event.eventId, dateOrder: last.order }) : null,
      };
    },

    async delete(eventId, userId) {
      await retryOnContention(async () => {
        const state = await openEvent(eventId);
        const leaving = EVENT_ID_PATTERN.test(userId) ? await places.readRegistration(state, userId) : undefined;
        if (!leaving) throw new RegistrationNotFoundError(eventId, userId);
        const after = {
          ...state,
          registeredCount: state.registeredCount - (leaving.status === "registered" ? 1 : 0),
          waitlistCount: state.waitlistCount - (leaving.status === "waitlisted" ? 1 : 0),
        };
        const due = Math.min(places.unsettled(after), MAX_PROMOTIONS_PER_TRANSACTION);
        const promote = (await places.readLane(eventId, "waitlisted", due + 1))
          .filter((entry) => entry.line !== leaving.line)
          .slice(0, due);
        if (promote.length < due) return undefined;
        if (!(await places.commit(state, { leave: leaving, promote }))) return undefined;
        // A large promotion left unfinished (after a capacity raise) is finished by this change too.
        if (places.unsettled(after) > due) await places.settle(eventId);
        return true;
      });
    },
  };
}

/**
 * The event operations: the domain's whole API. Inputs arrive parsed (the edge
 * validates them with the zod schemas); the entity's validators guard the store.
 */
import {
  CapacityBelowRegisteredError,
  EventAlreadyExistsError,
  EventNotFoundError,
  InvalidQueryError,
  NoChangesError,
  VersionMismatchError,
  WaitlistNotEmptyError,
} from "../rules/errors.js";
import { isConditionFailure } from "../store/failures.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";
import { batchGet } from "../store/batch-get.js";
import type { Store, TransactionItemResults } from "../model/store.js";
import type { Places } from "../places/places.js";
import { fingerprint, type IdempotencyRecords } from "../idempotency/records.js";
import { createConversions } from "electrodb";
import type { EventEntity } from "../model/event-entity.js";
import { newEventItem } from "./item.js";
import { rekeyPending } from "../places/rekey.js";
import { dateOrder, instantKey } from "../rules/date.js";
import { EVENT_ID_PATTERN, LIST_LIMITS } from "../rules/event-fields.js";
import {
  EventSchema,
  READ_ONLY_FIELDS,
  type CreateEventInput,
  type Event,
  type EventChanges,
  type EventPage,
  type ListEventsInput,
} from "../rules/event-schema.js";
import { decodeCursor, encodeCursor } from "../rules/event-cursor.js";

export interface WriteOptions {
  /**
   * Versions the caller accepts (If-Match); the write fails with
   * VersionMismatchError otherwise. An empty list matches nothing.
   */
  expectedVersions?: readonly number[];
  /**
   * With expectedVersions: only the event created at this instant (its `createdAt`). An event deleted and
   * created again under its id starts at version 1 again: this tells the two apart (the ETag's incarnation).
   */
  createdAt?: string;
}

export interface CreateOptions {
  /** The request's `Idempotency-Key`, parsed (IdempotencyKeySchema): a retry with the same key and body gets the first response. */
  idempotencyKey?: string;
}

export interface EventService {
  create(input: CreateEventInput, options?: CreateOptions): Promise<Event>;
  get(eventId: string): Promise<Event>;
  /** The events with these ids that exist, in the order of `eventIds` (one batch read per 100, consistent). */
  getMany(eventIds: readonly string[]): Promise<Event[]>;
  list(query?: ListEventsInput): Promise<EventPage>;
  update(eventId: string, changes: EventChanges, options?: WriteOptions): Promise<Event>;
  delete(eventId: string, options?: WriteOptions): Promise<void>;
}

const now = () => new Date().toISOString();

/** How long an update re-keys its registrations itself before leaving the rest to the sweep (well inside 10 s). */
const REKEY_BUDGET_MS = 3_000;

/** Where an event is addressed (the `Location` of its create, kept with an idempotency record). */
export const eventLocation = (eventId: string) => `/events/${eventId}`;

const EVENT_FIELDS = Object.keys(EventSchema.shape) as (keyof Event)[];

/** What an event stored before registrations existed reads as. */
const BEFORE_REGISTRATIONS: Partial<Event> = { waitlistEnabled: false, registeredCount: 0, waitlistCount: 0 };

/** The schema's fields (not the hidden index and line attributes), in the schema's order. */
function toEvent(item: Record<string, unknown>): Event {
  return Object.fromEntries(EVENT_FIELDS.map((field) => [field, item[field] ?? BEFORE_REGISTRATIONS[field]])) as Event;
}

/** Built by createServices (services.ts), over the store the other services share. */
export function createEventService({ store, places, records }: { store: Store; places: Places; records: IdempotencyRecords }): EventService {
  const entity: EventEntity = store.entities.event;
  const cursors = createConversions(entity).byAccessPattern;

  /** EventNotFoundError, once a cascade a delete of this id left unfinished is done (its failure is left to a later try). */
  async function missing(eventId: string): Promise<never> {
    await places.finishDeletion(eventId).catch(() => undefined);
    throw new EventNotFoundError(eventId);
  }

  async function get(eventId: string): Promise<Event> {
    // An id that breaks the id rules cannot name a stored event.
    if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
    const { data } = await guard(() => entity.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    if (!data) return missing(eventId);
    return toEvent(data);
  }

  /**
   * After a conditional write failed: was the event missing, or at another
   * version? Without a version precondition only existence was checked, so it
   * was missing then (a read now could see an event created since, and call
   * it a version mismatch). With one, a read tells the two apart.
   */
  async function explainConditionFailure(eventId: string, options: WriteOptions): Promise<never> {
    if (options.expectedVersions === undefined) throw new EventNotFoundError(eventId);
    await get(eventId); // throws EventNotFoundError when missing
    throw new VersionMismatchError(eventId);
  }

  /**
   * After an update of capacity or waitlistEnabled failed its conditions:
   * which rule it broke, from a fresh read; undefined when none does any more
   * (the counts changed since), and the update is tried again.
   */
  async function explainPlacesConflict(
    eventId: string,
    options: WriteOptions,
    fields: { capacity?: number; waitlistEnabled?: boolean },
  ): Promise<undefined> {
    const state = await places.readEvent(eventId);
    if (!state) throw new EventNotFoundError(eventId);
    if (options.expectedVersions && !options.expectedVersions.includes(state.version)) throw new VersionMismatchError(eventId);
    if (options.createdAt !== undefined && options.createdAt !== state.createdAt) throw new VersionMismatchError(eventId);
    if (fields.capacity !== undefined && state.registeredCount > fields.capacity) {
      throw new CapacityBelowRegisteredError(eventId, state.registeredCount);
    }
    if (fields.waitlistEnabled === false && state.waitlistCount > 0) throw new WaitlistNotEmptyError(eventId, state.waitlistCount);
    return undefined;
  }

  /** `(version = :a OR version = :b ...)`, and `createdAt = :c` when given: the write's precondition. */
  const versionCondition =
    ({ expectedVersions: versions = [], createdAt: created }: WriteOptions): Parameters<ReturnType<EventEntity["remove"]>["where"]>[0] =>
    ({ version, createdAt }, { eq }) =>
      `(${versions.map((v) => eq(version, v)).join(" OR ")})` + (created === undefined ? "" : ` AND ${eq(createdAt, created)}`);

  /** True when the stored event `eventId` was stored by the create that drew `token`. */
  async function storedBy(eventId: string, token: string | undefined): Promise<boolean> {
    const { data } = await guard(() => entity.get({ eventId }).go({ ...RAW_ERRORS, consistent: true, attributes: ["createToken"] }));
    return token !== undefined && data?.createToken === token;
  }

  async function getMany(eventIds: readonly string[]): Promise<Event[]> {
    // Ids that break the id rules name no stored event; a repeated id is read once.
    const ids = [...new Set(eventIds)].filter((eventId) => EVENT_ID_PATTERN.test(eventId));
    const items = await batchGet(
      ids.map((eventId) => ({ eventId })),
      (keys) => entity.get(keys).go({ ...RAW_ERRORS, consistent: true }),
    );
    const byId = new Map(items.map((item) => [item.eventId, toEvent(item)]));
    return eventIds.flatMap((eventId) => byId.get(eventId) ?? []);
  }

  return {
    get,
    getMany,

    async create(input, { idempotencyKey: key } = {}) {
      const print = fingerprint({ operation: "events.create", params: {}, body: input });
      return retryOnContention(async () => {
        if (key !== undefined) {
          const replay = await records.replay<Event>(key, print);
          if (replay) return replay.body;
        }
        const item = newEventItem(input);
        const { eventId } = item;
        // Registrations left by a delete of this id that did not finish must not become the new event's.
        if (input.eventId !== undefined) await places.finishDeletion(eventId);
        const event = toEvent(item);
        // create() adds attribute_not_exists: a duplicate id fails, nothing is overwritten.
        if (key === undefined) {
          try {
            await guard(() => entity.create(item).go({ ...RAW_ERRORS, response: "none" }));
            return event;
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
            // The SDK may resend a put whose answer was lost after it was stored: then the item there is this one.
            if (await storedBy(eventId, item.createToken)) return event;
            throw new EventAlreadyExistsError(eventId);
          }
        }
        const result = await guard(() =>
          store.transaction
            .write((entities) => [
              entities.event.create(item).commit(),
              records.put(entities, key, print, { status: 201, location: eventLocation(eventId), body: event }),
            ])
            .go(),
        );
        if (!result.canceled) return event;
        const [created, recorded] = result.data as TransactionItemResults;
        if (recorded?.code === "ConditionalCheckFailed") return undefined; // the key's first request won: replay it
        if (created?.code === "ConditionalCheckFailed") {
          // Created by a request with this key that won the race? Its record came in the same transaction.
          const replay = await records.replay<Event>(key, print);
          if (replay) return replay.body;
          throw new EventAlreadyExistsError(eventId);
        }
        return undefined;
      });
    },

    async list(query = {}) {
      const limit = query.limit ?? LIST_LIMITS.default;
      const lower = query.from === undefined ? undefined : instantKey(query.from)!;
      const upper = query.to === undefined ? undefined : instantKey(query.to)!;
      if (lower !== undefined && upper !== undefined && lower > upper) {
        throw new InvalidQueryError("from", "must not be after to");
      }

      let position = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (position === null) throw new InvalidQueryError("cursor", "is not a valid cursor");

      // dateOrder values are `<instant>#<id>`: an instant alone sorts before every
      // event at that instant, and `<instant>$` after all of them ('$' follows '#').
      const low = lower ?? "";
      const high = upper === undefined ? "\uffff" : `${upper}$`;
      // A cursor from a query with other bounds: DynamoDB rejects a start key
      // outside the key condition, so clamp it to the range instead.
      if (position && position.dateOrder < low) position = undefined;
      if (position && position.dateOrder > high) return { items: [], nextCursor: null };
      const keys =
        query.status === undefined
          ? entity.query.byDate({})
          : entity.query.byStatus({ status: query.status });
      const range = keys.between({ dateOrder: low }, { dateOrder: high });

      const cursor =
        position === undefined
          ? null
          : query.status === undefined
            ? cursors.byDate.fromComposite.toCursor({ eventId: position.eventId, dateOrder: position.dateOrder })
            : cursors.byStatus.fromComposite.toCursor({
                eventId: position.eventId,
                status: query.status,
                dateOrder: position.dateOrder,
              });

      // Ask for one more than the page so that the last page carries no cursor;
      // `count` keeps reading past 1 MB store pages until it has that many.
      const { data } = await guard(() => range.go({ ...RAW_ERRORS, cursor, limit: limit + 1, count: limit + 1, pages: "all" }));
      const items = data.slice(0, limit);
      const last = items.at(-1) as (typeof data)[number] | undefined;
      const nextCursor =
        data.length > limit && last ? encodeCursor({ eventId: last.eventId, dateOrder: dateOrder(last.date, last.eventId) }) : null;
      return { items: items.map(toEvent), nextCursor };
    },

    async update(eventId, changes, writeOptions = {}) {
      const fields = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => value !== undefined && !(READ_ONLY_FIELDS as readonly string[]).includes(key),
        ),
      ) as Omit<EventChanges, (typeof READ_ONLY_FIELDS)[number]>;
      if (Object.keys(fields).length === 0) throw new NoChangesError();
      if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);

      const set = {
        ...fields,
        ...(fields.date === undefined ? {} : { dateOrder: dateOrder(fields.date, eventId) }),
        updatedAt: now(),
      };
      if (writeOptions.expectedVersions?.length === 0) return explainConditionFailure(eventId, writeOptions);
      const updated = await retryOnContention(async () => {
        try {
          // patch() requires the item to exist: an update never creates an event.
          // A new date: its registrations are keyed at a new order in the user index (places/rekey.ts).
          let operation = entity.patch({ eventId }).set(set).add({ version: 1, ...(fields.date === undefined ? {} : { orderVersion: 1 }) });
          if (writeOptions.expectedVersions) operation = operation.where(versionCondition(writeOptions));
          // Never fewer places than people holding one; never a closed waitlist with people in it.
          if (fields.capacity !== undefined) {
            const capacity = fields.capacity;
            operation = operation.where(({ registeredCount }, { notExists, lte }) =>
              `(${notExists(registeredCount)} OR ${lte(registeredCount, capacity)})`,
            );
          }
          if (fields.waitlistEnabled === false) {
            operation = operation.where(({ waitlistCount }, { notExists, eq }) => `(${notExists(waitlistCount)} OR ${eq(waitlistCount, 0)})`);
          }
          const { data } = await guard(() => operation.go({ ...RAW_ERRORS, response: "all_new" }));
          return data as Record<string, unknown>;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          if (fields.capacity === undefined && fields.waitlistEnabled !== false) return explainConditionFailure(eventId, writeOptions);
          return explainPlacesConflict(eventId, writeOptions, fields);
        }
      });
      // More places: the first in line get them (in steps when many; a crash between steps is finished by the next change).
      const { capacity, registeredCount = 0, waitlistCount = 0 } = updated as Partial<Event>;
      const unsettled = waitlistCount > 0 && registeredCount < (capacity ?? 0);
      const settled = unsettled ? await places.settle(eventId) : undefined;
      // The date's order in its registrations' keys, in steps, for a while; the rest is finished by the sweep
      // (or the next change: the event item says a re-key is due even when the record could not be written).
      if (rekeyPending(updated)) {
        await places.recordRekey(eventId, Number(updated.orderVersion)).catch(() => undefined);
        await places.rekey(eventId, Date.now() + REKEY_BUDGET_MS).catch(() => undefined);
      }
      return toEvent(settled?.item ?? updated);
    },

    async delete(eventId, writeOptions = {}) {
      if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
      if (writeOptions.expectedVersions?.length === 0) return explainConditionFailure(eventId, writeOptions);
      await retryOnContention(async () => {
        // With the record of its cascade, so that a cascade cut short is finished later (places/deletions.ts).
        const result = await guard(() =>
          store.transaction
            .write((entities) => {
              // remove() (unlike delete()) fails when the item does not exist.
              let operation = entities.event.remove({ eventId });
              if (writeOptions.expectedVersions) operation = operation.where(versionCondition(writeOptions));
              return [operation.commit(), places.record(entities, eventId)];
            })
            .go(),
        );
        if (!result.canceled) return true;
        const [removed] = result.data as TransactionItemResults;
        if (removed?.code === "ConditionalCheckFailed") return explainConditionFailure(eventId, writeOptions);
        return undefined; // cancelled by a concurrent change of the event: decide again
      });
      // The event is gone, and with it every view of its registrations (readers check the event).
      await places.finishDeletion(eventId).catch(() => undefined);
    },
  };
}

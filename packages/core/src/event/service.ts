/**
 * The event operations: the domain's whole API. Inputs arrive parsed (the edge
 * validates them with the zod schemas); the entity's validators guard the store.
 */
import {
  CapacityBelowRegisteredError,
  EventAlreadyExistsError,
  EventNotFoundError,
  ForbiddenError,
  InvalidQueryError,
  NoChangesError,
  VersionMismatchError,
  WaitlistNotEmptyError,
} from "../rules/errors.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";
import { batchGet } from "../store/batch-get.js";
import type { Store, TransactionItemResults } from "../model/store.js";
import type { Places } from "../places/places.js";
import { fingerprint, idempotencyOf, type IdempotencyRecords } from "../idempotency/records.js";
import { createConversions } from "electrodb";
import type { EventEntity } from "../model/event-entity.js";
import { newEventItem } from "./item.js";
import { rekeyPending } from "../places/rekey.js";
import type { EventState } from "../places/state.js";
import { outboxPut } from "../webhooks/outbox.js";
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
import { manages, personId, sees, type Actor } from "../rules/actor.js";
import type { EventStatus } from "../rules/event-fields.js";

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
  /** Whose keys these are (required with idempotencyKey): the same key under two scopes names two records. */
  idempotencyScope?: string;
}

/** A list of one owner's events: like ListEventsInput. */
export type ListOwnerEventsInput = ListEventsInput;

/**
 * Every method takes the actor it acts for. A draft the actor may not see is
 * EventNotFoundError everywhere; a write on an event the actor does not manage is ForbiddenError.
 */
export interface EventService {
  /** A person becomes the owner (naming another is ForbiddenError); a service sets any owner or none; anyone: ForbiddenError. */
  create(input: CreateEventInput, actor: Actor, options?: CreateOptions): Promise<Event>;
  get(eventId: string, actor: Actor): Promise<Event>;
  /** The events with these ids that exist and the actor sees, in the order of `eventIds` (one batch read per 100, consistent). */
  getMany(eventIds: readonly string[], actor: Actor): Promise<Event[]>;
  /** Drafts the actor may not see are left out; a person's `status: "draft"` lists their own drafts. */
  list(query: ListEventsInput, actor: Actor): Promise<EventPage>;
  /** One owner's events in date order (the owner index); drafts only for that owner and services. */
  listByOwner(ownerId: string, query: ListOwnerEventsInput, actor: Actor): Promise<EventPage>;
  /** Services change any event (and its owner); a person only their own, conditioned on ownership in the same write. */
  update(eventId: string, changes: EventChanges, actor: Actor, options?: WriteOptions): Promise<Event>;
  delete(eventId: string, actor: Actor, options?: WriteOptions): Promise<void>;
}

const now = () => new Date().toISOString();

/** How long an update re-keys its registrations itself before leaving the rest to the sweep (well inside 10 s). */
const REKEY_BUDGET_MS = 3_000;

/** Where an event is addressed (the `Location` of its create, kept with an idempotency record). */
export const eventLocation = (eventId: string) => `/events/${eventId}`;

const EVENT_FIELDS = Object.keys(EventSchema.shape) as (keyof Event)[];

/** What an event stored before registrations existed reads as. */
const BEFORE_REGISTRATIONS: Partial<Event> = { waitlistEnabled: false, registeredCount: 0, waitlistCount: 0 };

/** The schema's fields (not the hidden index and line attributes), in the schema's order; an absent owner is left out. */
function toEvent(item: Record<string, unknown>): Event {
  return Object.fromEntries(
    EVENT_FIELDS.flatMap((field) => {
      const value = item[field] ?? BEFORE_REGISTRATIONS[field];
      return value === undefined ? [] : [[field, value]];
    }),
  ) as Event;
}

/** The owner a create stores: a person is the owner; a service names one or none. */
function ownerOnCreate(actor: Actor, requested: string | undefined): string | undefined {
  if (actor.kind === "service") return requested;
  if (actor.kind === "anyone") throw new ForbiddenError("Only a signed-in person or a service may create events");
  if (requested !== undefined && requested !== actor.userId) throw new ForbiddenError("Only a service may make someone else an event's owner");
  return actor.userId;
}

/** Built by createServices (services.ts), over the store the other services share. */
export function createEventService({ store, places, records }: { store: Store; places: Places; records: IdempotencyRecords }): EventService {
  const entity: EventEntity = store.entities.event;
  const cursors = createConversions(entity).byAccessPattern;

  /** The event as stored (consistent read), whoever asks; undefined when missing. */
  async function read(eventId: string): Promise<Record<string, unknown> | undefined> {
    // An id that breaks the id rules cannot name a stored event.
    if (!EVENT_ID_PATTERN.test(eventId)) return undefined;
    const { data } = await guard(() => entity.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    return data ?? undefined;
  }

  async function get(eventId: string, actor: Actor): Promise<Event> {
    const item = await read(eventId);
    if (!item) return places.missing(eventId);
    if (!sees(actor, item as Pick<Event, "status" | "ownerId">)) throw new EventNotFoundError(eventId);
    return toEvent(item);
  }

  /** Before any write: anyone may change nothing. */
  function mayWrite(actor: Actor): void {
    if (actor.kind === "anyone") throw new ForbiddenError("Only a signed-in person or a service may change events");
  }

  /** Throws the error the event as read gives the write: hidden, not the actor's, or another version. */
  function explainFromState(
    eventId: string,
    options: WriteOptions,
    actor: Actor,
    state: { status: EventStatus; ownerId?: string | undefined; version: number; createdAt: string },
  ): void {
    if (!sees(actor, state)) throw new EventNotFoundError(eventId);
    if (!manages(actor, state.ownerId)) throw new ForbiddenError("Only the event's owner or a service may change it");
    if (options.expectedVersions && !options.expectedVersions.includes(state.version)) throw new VersionMismatchError(eventId);
    if (options.createdAt !== undefined && options.createdAt !== state.createdAt) throw new VersionMismatchError(eventId);
  }

  /** Throws the error the event as read gives an update: hidden, not the actor's, another version, or a rule of places broken. */
  function refuse(
    eventId: string,
    options: WriteOptions,
    actor: Actor,
    state: EventState,
    fields: { capacity?: number; waitlistEnabled?: boolean },
  ): void {
    explainFromState(eventId, options, actor, state);
    if (fields.capacity !== undefined && state.registeredCount > fields.capacity) {
      throw new CapacityBelowRegisteredError(eventId, state.registeredCount);
    }
    if (fields.waitlistEnabled === false && state.waitlistCount > 0) throw new WaitlistNotEmptyError(eventId, state.waitlistCount);
  }

  type Where = Parameters<ReturnType<EventEntity["remove"]>["where"]>[0];

  /**
   * `(version = :a OR version = :b ...)`, and `createdAt = :c` when given: the write's precondition.
   * Never built for an empty list: the event as read refuses that write before (explainFromState).
   */
  const versionCondition =
    ({ expectedVersions: versions = [], createdAt: created }: WriteOptions): Where =>
    ({ version, createdAt }, { eq }) =>
      `(${versions.map((v) => eq(version, v)).join(" OR ")})` + (created === undefined ? "" : ` AND ${eq(createdAt, created)}`);

  /** The event exactly as read (this incarnation, this version): a write's message then reports what it committed. */
  const asRead =
    (state: Pick<EventState, "version" | "createdAt">): Where =>
    ({ version, createdAt }, { eq }) =>
      `${eq(version, state.version)} AND ${eq(createdAt, state.createdAt)}`;

  /** A person writes only while the event is theirs: part of the write's condition, never a read before it. */
  const ownedBy =
    (userId: string): Where =>
    ({ ownerId }, { eq }) =>
      eq(ownerId, userId);

  /** True when the stored event `eventId` was stored by the create that drew `token`. */
  async function storedBy(eventId: string, token: string | undefined): Promise<boolean> {
    const { data } = await guard(() => entity.get({ eventId }).go({ ...RAW_ERRORS, consistent: true, attributes: ["createToken"] }));
    return token !== undefined && data?.createToken === token;
  }

  async function getMany(eventIds: readonly string[], actor: Actor): Promise<Event[]> {
    // Ids that break the id rules name no stored event; a repeated id is read once.
    const ids = [...new Set(eventIds)].filter((eventId) => EVENT_ID_PATTERN.test(eventId));
    const items = await batchGet(
      ids.map((eventId) => ({ eventId })),
      (keys) => entity.get(keys).go({ ...RAW_ERRORS, consistent: true }),
    );
    const byId = new Map(items.filter((item) => sees(actor, item)).map((item) => [item.eventId, toEvent(item)]));
    return eventIds.flatMap((eventId) => byId.get(eventId) ?? []);
  }

  /** The dateOrder bounds of a list query, and where its cursor starts (undefined: the start; null: past the end). */
  function listRange(query: ListEventsInput) {
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
    return { low, high, position, pastEnd: position !== undefined && position.dateOrder > high };
  }

  type Query = ReturnType<EventEntity["query"]["byDate"]>;
  type Filter = Parameters<ReturnType<Query["between"]>["where"]>[0];

  /**
   * One page of an index query in date order. Drafts the actor may not see are
   * filtered out by the store, and `count` keeps it reading until the page is
   * full, so a page is short only at the end; the cursor is the last item returned.
   */
  async function page(
    limit: number,
    range: ReturnType<Query["between"]>,
    cursor: string | null,
    filters: Filter[],
  ): Promise<EventPage> {
    let query = range;
    for (const filter of filters) query = query.where(filter);
    // Ask for one more than the page so that the last page carries no cursor;
    // `count` keeps reading past 1 MB store pages until it has that many.
    const { data } = await guard(() => query.go({ ...RAW_ERRORS, cursor, limit: limit + 1, count: limit + 1, pages: "all" }));
    const items = data.slice(0, limit);
    const last = items.at(-1) as (typeof data)[number] | undefined;
    const nextCursor =
      data.length > limit && last ? encodeCursor({ eventId: last.eventId, dateOrder: dateOrder(last.date, last.eventId) }) : null;
    return { items: items.map(toEvent), nextCursor };
  }

  /** Leaves out the drafts the actor may not see: a person's own stay, a service sees all. */
  function draftFilter(actor: Actor): Filter[] {
    if (actor.kind === "service") return [];
    const userId = personId(actor);
    return [
      ({ status, ownerId }, { ne, eq }) => (userId === undefined ? ne(status, "draft") : `(${ne(status, "draft")} OR ${eq(ownerId, userId)})`),
    ];
  }

  async function listByOwner(ownerId: string, query: ListOwnerEventsInput, actor: Actor): Promise<EventPage> {
    const limit = query.limit ?? LIST_LIMITS.default;
    const { low, high, position, pastEnd } = listRange(query);
    // An id that breaks the id rules owns nothing.
    if (pastEnd || !EVENT_ID_PATTERN.test(ownerId)) return { items: [], nextCursor: null };
    const seesDrafts = manages(actor, ownerId);
    if (query.status === "draft" && !seesDrafts) return { items: [], nextCursor: null };
    const range = entity.query.byOwner({ ownerId }).between({ dateOrder: low }, { dateOrder: high });
    const cursor =
      position === undefined
        ? null
        : cursors.byOwner.fromComposite.toCursor({ eventId: position.eventId, ownerId, dateOrder: position.dateOrder });
    const status = query.status;
    const filters: Filter[] = [];
    if (status !== undefined) filters.push((attr, { eq }) => eq(attr.status, status));
    else if (!seesDrafts) filters.push((attr, { ne }) => ne(attr.status, "draft"));
    return page(limit, range, cursor, filters);
  }

  return {
    get,
    getMany,
    listByOwner,

    async create(input, actor, options = {}) {
      const ownerId = ownerOnCreate(actor, input.ownerId);
      const stored: CreateEventInput = { ...input, ...(ownerId === undefined ? {} : { ownerId }) };
      const idempotency = idempotencyOf(options);
      const print = fingerprint({ operation: "events.create", params: {}, body: stored });
      return retryOnContention(async () => {
        if (idempotency) {
          const replay = await records.replay<Event>(idempotency, print);
          if (replay) return replay.body;
        }
        const item = newEventItem(stored);
        const { eventId } = item;
        // Registrations left by a delete of this id that did not finish must not become the new event's.
        if (input.eventId !== undefined) await places.finishDeletion(eventId);
        const event = toEvent(item);
        const message = { type: "event.created", eventId, ownerId, data: event, timestamp: event.createdAt } as const;
        // create() adds attribute_not_exists: a duplicate id fails, nothing is overwritten.
        if (!idempotency) {
          const result = await guard(() =>
            store.transaction.write((entities) => [entities.event.create(item).commit(), outboxPut(entities, message)]).go(),
          );
          if (!result.canceled) return event;
          const [created] = result.data as TransactionItemResults;
          if (created?.code !== "ConditionalCheckFailed") return undefined; // cancelled by a concurrent change: try again
          // The SDK may resend a transaction whose answer was lost after it was stored: then the item there is this one.
          if (await storedBy(eventId, item.createToken)) return event;
          throw new EventAlreadyExistsError(eventId);
        }
        const result = await guard(() =>
          store.transaction
            .write((entities) => [
              entities.event.create(item).commit(),
              records.put(entities, idempotency, print, { status: 201, location: eventLocation(eventId), body: event }),
              outboxPut(entities, message),
            ])
            .go(),
        );
        if (!result.canceled) return event;
        const [created, recorded] = result.data as TransactionItemResults;
        if (recorded?.code === "ConditionalCheckFailed") return undefined; // the key's first request won: replay it
        if (created?.code === "ConditionalCheckFailed") {
          // Created by a request with this key that won the race? Its record came in the same transaction.
          const replay = await records.replay<Event>(idempotency, print);
          if (replay) return replay.body;
          throw new EventAlreadyExistsError(eventId);
        }
        return undefined;
      });
    },

    async list(query, actor) {
      // A person's drafts are their own: the owner index answers, not a filter over everyone's drafts.
      const userId = personId(actor);
      if (query.status === "draft" && userId !== undefined) return listByOwner(userId, query, actor);
      if (query.status === "draft" && actor.kind === "anyone") {
        listRange(query); // the query's own errors still count
        return { items: [], nextCursor: null };
      }
      const limit = query.limit ?? LIST_LIMITS.default;
      const { low, high, position, pastEnd } = listRange(query);
      if (pastEnd) return { items: [], nextCursor: null };
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
      // Only a list that can hold drafts needs the filter.
      const filters = query.status === undefined ? draftFilter(actor) : [];
      return page(limit, range as ReturnType<Query["between"]>, cursor, filters);
    },

    async update(eventId, changes, actor, writeOptions = {}) {
      mayWrite(actor);
      const userId = personId(actor);
      // Refused once the event is read: someone else's draft is a 404 for this request too, not a 403.
      const handsOver = userId !== undefined && changes.ownerId !== undefined && changes.ownerId !== userId;
      const fields = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) =>
            value !== undefined &&
            !(READ_ONLY_FIELDS as readonly string[]).includes(key) &&
            // A person naming themselves changes nothing (GET → edit → PUT).
            !(key === "ownerId" && userId !== undefined),
        ),
      ) as Omit<EventChanges, (typeof READ_ONLY_FIELDS)[number]>;
      if (Object.keys(fields).length === 0 && !handsOver) throw new NoChangesError();
      if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);

      const updated = await retryOnContention(async () => {
        // The event as read decides the answer; the write holds only while it is still that version, so that its
        // message carries exactly the event committed (a registration meanwhile bumps the version: decide again).
        const state = await places.readEvent(eventId);
        if (!state) throw new EventNotFoundError(eventId);
        if (handsOver && sees(actor, state)) throw new ForbiddenError("Only a service may hand an event over to someone else");
        refuse(eventId, writeOptions, actor, state, fields);
        const set = {
          ...fields,
          ...(fields.date === undefined ? {} : { dateOrder: dateOrder(fields.date, eventId) }),
          updatedAt: now(),
        };
        const after: Record<string, unknown> = {
          ...state.item,
          ...set,
          version: state.version + 1,
          ...(fields.date === undefined ? {} : { orderVersion: state.orderVersion + 1 }),
        };
        const event = toEvent(after);
        const result = await guard(() =>
          store.transaction
            .write((entities) => {
              // patch() requires the item to exist: an update never creates an event.
              // A new date: its registrations are keyed at a new order in the user index (places/rekey.ts).
              let operation = entities.event
                .patch({ eventId })
                .set(set)
                .add({ version: 1, ...(fields.date === undefined ? {} : { orderVersion: 1 }) })
                .where(asRead(state));
              if (userId !== undefined) operation = operation.where(ownedBy(userId));
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
              const message = { type: "event.updated", eventId, ownerId: event.ownerId, data: event, timestamp: set.updatedAt } as const;
              const writes = [operation.commit(), outboxPut(entities, message)];
              // The re-key's record commits with the new date, so a crash right after still leaves it to the sweep.
              if (fields.date === undefined) return writes;
              const record = { eventId, orderVersion: state.orderVersion + 1, requestedAt: set.updatedAt };
              return [...writes, entities.rekey.put(record).commit()];
            })
            .go(),
        );
        // Cancelled: the event changed since it was read (or a racer's write conflicted): read and decide again.
        return result.canceled ? undefined : after;
      });
      // More places: the first in line get them (in steps when many; a crash between steps is finished by the next change).
      const { capacity, registeredCount = 0, waitlistCount = 0 } = updated as Partial<Event>;
      const unsettled = waitlistCount > 0 && registeredCount < (capacity ?? 0);
      const settled = unsettled ? await places.settle(eventId) : undefined;
      // The date's order in its registrations' keys, in steps, for a while; the rest is finished by the sweep
      // (from the record written with the change) or by the next change (the event item says a re-key is due).
      if (rekeyPending(updated)) await places.rekey(eventId, Date.now() + REKEY_BUDGET_MS).catch(() => undefined);
      return toEvent(settled?.item ?? updated);
    },

    async delete(eventId, actor, writeOptions = {}) {
      mayWrite(actor);
      const userId = personId(actor);
      if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
      await retryOnContention(async () => {
        // Read first: the message carries the event as it was, and the remove holds only while it still is.
        const state = await places.readEvent(eventId);
        if (!state) throw new EventNotFoundError(eventId);
        explainFromState(eventId, writeOptions, actor, state);
        const deletedAt = now();
        const message = { type: "event.deleted", eventId, ownerId: state.ownerId, data: toEvent(state.item), timestamp: deletedAt } as const;
        // With the record of its cascade, so that a cascade cut short is finished later (places/deletions.ts).
        const result = await guard(() =>
          store.transaction
            .write((entities) => {
              // remove() (unlike delete()) fails when the item does not exist.
              let operation = entities.event.remove({ eventId }).where(asRead(state));
              if (userId !== undefined) operation = operation.where(ownedBy(userId));
              if (writeOptions.expectedVersions) operation = operation.where(versionCondition(writeOptions));
              return [operation.commit(), places.record(entities, eventId, { ownerId: state.ownerId, deletedAt }), outboxPut(entities, message)];
            })
            .go(),
        );
        // Cancelled: the event changed since it was read (or is gone): read and decide again.
        return result.canceled ? undefined : true;
      });
      // The event is gone, and with it every view of its registrations (readers check the event).
      await places.finishDeletion(eventId).catch(() => undefined);
    },
  };
}

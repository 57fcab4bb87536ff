/**
 * The event operations: the domain's whole API. Inputs are validated with the
 * zod schemas before they reach the store, so a rejected request never writes.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  EventAlreadyExistsError,
  EventNotFoundError,
  InvalidQueryError,
  NoChangesError,
  StoreUnavailableError,
  VersionMismatchError,
} from "../errors.js";
import { isConditionFailure, isStoreUnavailable } from "../store/failures.js";
import { createConversions } from "electrodb";
import { eventEntity, type EventEntity } from "./entity.js";
import { dateOrder, newEventItem } from "./item.js";
import { instantKey } from "./date.js";
import { EVENT_ID_PATTERN, LIST_LIMITS, READ_ONLY_FIELDS } from "./fields.js";
import {
  CreateEventInputSchema,
  EventChangesSchema,
  EventSchema,
  ListEventsInputSchema,
  type CreateEventInput,
  type Event,
  type EventChanges,
  type EventPage,
  type ListEventsInput,
} from "./schema.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

export interface WriteOptions {
  /**
   * Versions the caller accepts (If-Match); the write fails with
   * VersionMismatchError otherwise. An empty list matches nothing.
   */
  expectedVersions?: readonly number[];
}

export interface EventService {
  create(input: CreateEventInput): Promise<Event>;
  get(eventId: string): Promise<Event>;
  list(query?: ListEventsInput): Promise<EventPage>;
  update(eventId: string, changes: EventChanges, options?: WriteOptions): Promise<Event>;
  delete(eventId: string, options?: WriteOptions): Promise<void>;
}

const now = () => new Date().toISOString();

/**
 * Store errors as the SDK threw them. By default ElectroDB builds an error
 * (with a stack trace) on every call, in case the call fails, to wrap the
 * failure in; that cost every request, and failures are classified from the
 * SDK error either way (store/failures.ts).
 */
const RAW_ERRORS = { originalErr: true } as const;

/** Run a store call, turning an unreachable store into StoreUnavailableError. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStoreUnavailable(error)) throw new StoreUnavailableError({ cause: error });
    throw error;
  }
}

const EVENT_FIELDS = Object.keys(EventSchema.shape) as (keyof Event)[];

/** The schema's fields (not the hidden index attributes), in the schema's order. */
function toEvent(item: Record<string, unknown>): Event {
  return Object.fromEntries(EVENT_FIELDS.map((field) => [field, item[field]])) as Event;
}

export function createEventService(options: { client: DynamoDBClient; tableName: string }): EventService {
  const entity: EventEntity = eventEntity(options.client, options.tableName);
  const cursors = createConversions(entity).byAccessPattern;

  async function get(eventId: string): Promise<Event> {
    // An id that breaks the id rules cannot name a stored event.
    if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
    const { data } = await guard(() => entity.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    if (!data) throw new EventNotFoundError(eventId);
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

  /** `version = :a OR version = :b ...`: the write's precondition. */
  const versionCondition =
    (versions: readonly number[]): Parameters<ReturnType<EventEntity["remove"]>["where"]>[0] =>
    ({ version }, { eq }) =>
      `(${versions.map((v) => eq(version, v)).join(" OR ")})`;

  return {
    get,

    async create(raw) {
      const item = newEventItem(CreateEventInputSchema.parse(raw));
      const { eventId } = item;
      try {
        // create() adds attribute_not_exists: a duplicate id fails, nothing is overwritten.
        await guard(() => entity.create(item).go({ ...RAW_ERRORS, response: "none" }));
      } catch (error) {
        if (isConditionFailure(error)) throw new EventAlreadyExistsError(eventId);
        throw error;
      }
      return toEvent(item);
    },

    async list(raw = {}) {
      const query = ListEventsInputSchema.parse(raw);
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

    async update(eventId, raw, writeOptions = {}) {
      const changes = EventChangesSchema.parse(raw);
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
      try {
        // patch() requires the item to exist: an update never creates an event.
        let operation = entity.patch({ eventId }).set(set).add({ version: 1 });
        if (writeOptions.expectedVersions) operation = operation.where(versionCondition(writeOptions.expectedVersions));
        const { data } = await guard(() => operation.go({ ...RAW_ERRORS, response: "all_new" }));
        return toEvent(data as Record<string, unknown>);
      } catch (error) {
        if (isConditionFailure(error)) return explainConditionFailure(eventId, writeOptions);
        throw error;
      }
    },

    async delete(eventId, writeOptions = {}) {
      if (!EVENT_ID_PATTERN.test(eventId)) throw new EventNotFoundError(eventId);
      if (writeOptions.expectedVersions?.length === 0) return explainConditionFailure(eventId, writeOptions);
      try {
        // remove() (unlike delete()) fails when the item does not exist.
        let operation = entity.remove({ eventId });
        if (writeOptions.expectedVersions) operation = operation.where(versionCondition(writeOptions.expectedVersions));
        await guard(() => operation.go({ ...RAW_ERRORS, response: "none" }));
      } catch (error) {
        if (isConditionFailure(error)) return explainConditionFailure(eventId, writeOptions);
        throw error;
      }
    },
  };
}

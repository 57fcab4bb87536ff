/**
 * Every change of an event's places, as one transaction each: a person joins,
 * a person leaves, the first in line are promoted. The decision (who gets a
 * place, who is first in line) is made from strongly consistent reads of the
 * event's own partition, and the transaction is conditioned on the event's
 * version at that read, so a concurrent change cancels it and the caller
 * decides again from fresh reads. Per-item conditions (the registration's
 * existence and status, the counter against capacity) hold on top of that.
 */
import { guard, RAW_ERRORS } from "../store/guard.js";
import type { Store, TransactionEntities } from "../store/entities.js";
import type { EventStatus } from "../event/fields.js";
import { lineKey, type RegistrationStatus } from "./fields.js";

/** An event item as read, with the counts of events stored before registrations existed read as 0/false. */
export interface EventState {
  item: Record<string, unknown>;
  eventId: string;
  capacity: number;
  status: EventStatus;
  waitlistEnabled: boolean;
  registeredCount: number;
  waitlistCount: number;
  lineSeq: number;
  version: number;
  createdAt: string;
}

/** An entry of one of the event's lists (line-entity.ts). */
export interface LineEntry {
  eventId: string;
  lane: RegistrationStatus;
  line: string;
  userId: string;
  name?: string;
  email?: string;
  createdAt: string;
  updatedAt: string;
}

/** A registration item as stored (registration/entity.ts). */
export interface RegistrationItem {
  eventId: string;
  userId: string;
  name?: string;
  email?: string;
  status: RegistrationStatus;
  line: string;
  eventCreatedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** A person joining: the fields of the new registration, and what else the transaction writes (an idempotency record). */
export interface Joiner {
  userId: string;
  name?: string;
  email?: string;
  status: RegistrationStatus;
  timestamp: string;
  extraItems?: (entities: TransactionEntities) => unknown[];
}

export interface PlacesChange {
  join?: Joiner;
  leave?: RegistrationItem;
  /** The first in line, in line order, who get a place. */
  promote?: LineEntry[];
}

/** Promotions in one transaction: 3 items each, beside the event, a leaver (2) and a joiner (2 + a record) within 100. */
export const MAX_PROMOTIONS_PER_TRANSACTION = 30;

const MAX_LINE_KEY = lineKey(999_999_999_999);

export function createPlaces(store: Store) {
  const { event, registration, line } = store.entities;

  async function readEvent(eventId: string): Promise<EventState | undefined> {
    const { data } = await guard(() => event.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    if (!data) return undefined;
    return {
      item: data,
      eventId: data.eventId,
      capacity: data.capacity,
      status: data.status,
      waitlistEnabled: data.waitlistEnabled ?? false,
      registeredCount: data.registeredCount ?? 0,
      waitlistCount: data.waitlistCount ?? 0,
      lineSeq: data.lineSeq ?? 0,
      version: data.version,
      createdAt: data.createdAt,
    };
  }

  async function readRegistration(state: EventState, userId: string): Promise<RegistrationItem | undefined> {
    const { data } = await guard(() =>
      registration.get({ eventId: state.eventId, userId }).go({ ...RAW_ERRORS, consistent: true }),
    );
    // A leftover of an earlier event with this id (a delete that did not finish) is not this event's.
    return data && data.eventCreatedAt === state.createdAt ? (data as RegistrationItem) : undefined;
  }

  /** One lane's entries after `after` (a line key), in order, strongly consistent. */
  async function readLane(eventId: string, lane: RegistrationStatus, count: number, after?: string): Promise<LineEntry[]> {
    if (count <= 0) return [];
    const from = after === undefined ? lineKey(0) : lineKey(Number(after) + 1);
    const { data } = await guard(() =>
      line.query
        .byLine({ eventId, lane })
        .between({ line: from }, { line: MAX_LINE_KEY })
        .go({ ...RAW_ERRORS, consistent: true, limit: count, count, pages: "all" }),
    );
    return data as LineEntry[];
  }

  /** How many people are waiting ahead of this line key (its position is this + 1). */
  async function waitingAhead(eventId: string, key: string): Promise<number> {
    const seq = Number(key);
    if (seq <= 1) return 0;
    const { data } = await guard(() =>
      line.query
        .byLine({ eventId, lane: "waitlisted" })
        .between({ line: lineKey(0) }, { line: lineKey(seq - 1) })
        .go({ ...RAW_ERRORS, consistent: true, pages: "all", attributes: ["line"] }),
    );
    return data.length;
  }

  /** Free places that waiting people should have (nonzero only between the steps of a large promotion). */
  const unsettled = (state: EventState) =>
    Math.max(0, Math.min(state.capacity - state.registeredCount, state.waitlistCount));

  /**
   * Writes the change in one transaction; false when it was cancelled (the
   * event changed since `state` was read, or a per-item condition failed).
   */
  async function commit(state: EventState, change: PlacesChange): Promise<boolean> {
    const { eventId } = state;
    // Entries numbered after the event's counter were read after a change `state` predates: the
    // transaction would fail its version condition anyway (and could name one item twice), so decide again.
    const entries = [...(change.promote ?? []), ...(change.leave ? [change.leave] : [])];
    if (entries.some((entry) => Number(entry.line) > state.lineSeq)) return false;
    const now = new Date().toISOString();
    const promote = change.promote ?? [];
    let seq = state.lineSeq;
    let registeredDelta = promote.length;
    let waitlistDelta = -promote.length;
    if (change.leave) {
      if (change.leave.status === "registered") registeredDelta--;
      else waitlistDelta--;
    }
    if (change.join) {
      if (change.join.status === "registered") registeredDelta++;
      else waitlistDelta++;
    }
    const promotedKeys = promote.map(() => lineKey(++seq));
    const joinKey = change.join ? lineKey(++seq) : undefined;
    const counts = Object.fromEntries(
      Object.entries({ registeredCount: registeredDelta, waitlistCount: waitlistDelta, lineSeq: seq - state.lineSeq }).filter(
        ([, delta]) => delta !== 0,
      ),
    );

    const result = await guard(() =>
      store.transaction
        .write((entities) => {
          const items: unknown[] = [
            entities.event
              .patch({ eventId })
              .add({ ...counts, version: 1 })
              .set({ updatedAt: now })
              .where(({ version }, { eq }) => eq(version, state.version))
              // Belt and braces beside the version: never more registered than places.
              // (`lt` between two attributes throws on ElectroDB 3.9.3, hence the raw comparison.)
              .where(({ registeredCount, capacity }, { name, notExists }) =>
                registeredDelta > 0 ? `(${notExists(registeredCount)} OR ${name(registeredCount)} < ${name(capacity)})` : "",
              )
              .commit(),
          ];
          if (change.leave) {
            const leaver = change.leave;
            items.push(
              entities.registration
                .delete({ eventId, userId: leaver.userId })
                .where((attr, { eq }) => `${eq(attr.status, leaver.status)} AND ${eq(attr.line, leaver.line)}`)
                .commit(),
              entities.line
                .delete({ eventId, lane: leaver.status, line: leaver.line })
                .where(({ userId }, { eq }) => eq(userId, leaver.userId))
                .commit(),
            );
          }
          promote.forEach((entry, i) => {
            const key = promotedKeys[i]!;
            items.push(
              entities.registration
                .patch({ eventId, userId: entry.userId })
                .set({ status: "registered", line: key, updatedAt: now })
                .where((attr, { eq }) => `${eq(attr.status, "waitlisted")} AND ${eq(attr.line, entry.line)}`)
                .commit(),
              entities.line
                .delete({ eventId, lane: "waitlisted", line: entry.line })
                .where(({ userId }, { eq }) => eq(userId, entry.userId))
                .commit(),
              entities.line
                .create(
                  withoutUndefined({
                    eventId,
                    lane: "registered" as const,
                    line: key,
                    userId: entry.userId,
                    name: entry.name,
                    email: entry.email,
                    createdAt: entry.createdAt,
                    updatedAt: now,
                  }),
                )
                .commit(),
            );
          });
          if (change.join && joinKey) {
            const { userId, name, email, status, timestamp } = change.join;
            const person = withoutUndefined({ eventId, userId, name, email, createdAt: timestamp, updatedAt: timestamp });
            items.push(
              entities.registration.create({ ...person, status, line: joinKey, eventCreatedAt: state.createdAt }).commit(),
              entities.line.create({ ...person, lane: status, line: joinKey }).commit(),
              ...(change.join.extraItems?.(entities) ?? []),
            );
          }
          return items as never;
        })
        .go(),
    );
    return !result.canceled;
  }

  /**
   * Gives free places to the first in line until none is free or nobody
   * waits: finishes a promotion that took more than one transaction (or was
   * interrupted by a crash). Returns the event as it is then, or undefined
   * when it does not exist.
   */
  async function settle(eventId: string): Promise<EventState | undefined> {
    for (;;) {
      const state = await readEvent(eventId);
      if (!state) return undefined;
      const due = Math.min(unsettled(state), MAX_PROMOTIONS_PER_TRANSACTION);
      if (due === 0) return state;
      const promote = await readLane(eventId, "waitlisted", due);
      if (promote.length < due) continue; // the read raced a change: the next round re-reads
      // A cancelled step means another change came first; loop and re-read.
      if (!(await commit(state, { promote }))) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    }
  }

  /**
   * Deletes what is left of a deleted event's registrations, in steps that
   * each check that the event still does not exist (so that a re-created
   * event's registrations are never touched).
   */
  async function purge(eventId: string): Promise<void> {
    for (;;) {
      const { data } = await guard(() =>
        registration.query.byEvent({ eventId }).go({ ...RAW_ERRORS, consistent: true, limit: 45, count: 45 }),
      );
      if (data.length === 0) return;
      const result = await guard(() =>
        store.transaction
          .write(({ event: events, registration: registrations, line: lines }) => [
            events
              .check({ eventId })
              .where((attr, { notExists }) => notExists(attr.eventId))
              .commit(),
            ...data.flatMap((item) => [
              registrations.delete({ eventId, userId: item.userId }).commit(),
              lines.delete({ eventId, lane: item.status, line: item.line }).commit(),
            ]),
          ])
          .go(),
      );
      if (result.canceled && (await readEvent(eventId))) return; // re-created: its creator purged first
    }
  }

  return { readEvent, readRegistration, readLane, waitingAhead, unsettled, commit, settle, purge };
}

export type Places = ReturnType<typeof createPlaces>;

/** ElectroDB rejects `undefined` attribute values on create; optional fields are left out instead. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Every change of an event's places, as one transaction each: a person joins,
 * a person leaves, the first in line are promoted. Decisions are made from
 * strongly consistent reads of the event's own partition; each transaction is
 * conditioned on exactly the facts its decision relied on (a free place, an
 * empty line, the person's registration as read), never on the event's version,
 * so racers that do not contradict each other all commit. Line keys are tickets
 * taken from the event's counter before the decision (one atomic ADD, no read).
 */
import { guard, RAW_ERRORS } from "../store/guard.js";
import { isConditionFailure } from "../store/failures.js";
import { withoutUndefined } from "../store/without-undefined.js";
import type { LineEntry, RegistrationItem, Store, StoredEvent } from "../model/store.js";
import { MAX_PROMOTIONS_PER_TRANSACTION, MAX_TRANSACTION_ITEMS, ticketsOf, toState, type EventState, type PlacesChange, type Promotion } from "./state.js";
import { OPEN_STATUSES } from "../rules/event-fields.js";
import { lineKey, type RegistrationStatus } from "../rules/registration-fields.js";
import { createDeletions } from "./deletions.js";
import { createRekey } from "./rekey.js";
import { dateOrder } from "../rules/date.js";
import { cancelledMessage, joinedMessage, promotedMessage, type MessageScope } from "./messages.js";

const MAX_LINE_KEY = lineKey(999_999_999_999);

/** Registrations one cascade step deletes: 3 items each (registration, line entry, message) beside the event's check. */
const PURGE_STEP = Math.floor((MAX_TRANSACTION_ITEMS - 1) / 3);

/** The last join of each event in this process (by table and id): see `inTurn`. */
const turns = new Map<string, Promise<void>>();

export function createPlaces(store: Store) {
  const { event, registration, line } = store.entities;

  async function readEvent(eventId: string): Promise<EventState | undefined> {
    const { data } = await guard(() => event.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    return data ? toState(data) : undefined;
  }

  /**
   * Hands out `count` tickets (line keys, in arrival order) and returns the
   * event as it is just after: one atomic ADD, so racers never wait on each other.
   * Undefined when the event does not exist.
   */
  async function takeTickets(eventId: string, count: number): Promise<EventState | undefined> {
    try {
      const { data } = await guard(() => event.patch({ eventId }).add({ lineSeq: count }).go({ ...RAW_ERRORS, response: "all_new" }));
      return toState(data as StoredEvent);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** The person's registration item for this event id, whichever incarnation of the event it belongs to. */
  async function readRegistration(eventId: string, userId: string): Promise<RegistrationItem | undefined> {
    const { data } = await guard(() => registration.get({ eventId, userId }).go({ ...RAW_ERRORS, consistent: true }));
    return data ?? undefined;
  }

  /** A leftover of an earlier event with this id (a delete that did not finish) is not this event's. */
  const belongsTo = (item: RegistrationItem, state: EventState) => item.eventCreatedAt === state.createdAt;

  /** The person's registration for the event as read. */
  async function readRegistrationOf(state: EventState, userId: string): Promise<RegistrationItem | undefined> {
    const item = await readRegistration(state.eventId, userId);
    return item && belongsTo(item, state) ? item : undefined;
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
    return data;
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

  /**
   * Runs `join` (take a ticket, decide, commit) after the previous join to this
   * event in this process has finished, so that a process commits its joins in
   * ticket order instead of racing itself into cancelled transactions. Across
   * processes the transaction's conditions still decide; this only saves work.
   */
  async function inTurn<T>(eventId: string, join: () => Promise<T>): Promise<T> {
    const key = `${event.getTableName() ?? ""}/${eventId}`;
    const previous = turns.get(key) ?? Promise.resolve();
    let done!: () => void;
    const released = new Promise<void>((resolve) => (done = resolve));
    const mine = previous.then(() => released);
    turns.set(key, mine);
    await previous;
    try {
      return await join();
    } finally {
      done();
      if (turns.get(key) === mine) turns.delete(key);
    }
  }

  /** Free places that waiting people should have (nonzero only between the steps of a large promotion). */
  const unsettled = (state: EventState) =>
    Math.max(0, Math.min(state.capacity - state.registeredCount, state.waitlistCount));

  /**
   * Writes the change in one transaction, with its messages (webhooks' outbox); false when it was cancelled
   * (a fact the decision relied on changed since `state` was read, or a per-item condition failed): the caller
   * reads again and decides again.
   */
  async function commit(state: EventState, change: PlacesChange): Promise<boolean> {
    const { eventId } = state;
    const { join, leave } = change;
    const promote = change.promote ?? [];
    const now = new Date().toISOString();
    let registeredDelta = promote.length;
    let waitlistDelta = -promote.length;
    if (leave?.status === "registered") registeredDelta--;
    if (leave?.status === "waitlisted") waitlistDelta--;
    if (join?.status === "registered") registeredDelta++;
    if (join?.status === "waitlisted") waitlistDelta++;
    const counts = Object.fromEntries(
      Object.entries({ registeredCount: registeredDelta, waitlistCount: waitlistDelta }).filter(([, delta]) => delta !== 0),
    );
    // The messages name the event's owner as read; the write holds only while it still is (not after a hand-over).
    const ownerId = change.ownedBy ?? state.ownerId;
    const scope: MessageScope = { eventId, ownerId, timestamp: now };

    const result = await guard(() =>
      store.transaction
        .write((entities) => {
          const items: unknown[] = [
            entities.event
              .patch({ eventId })
              .add({ ...counts, version: 1 })
              .set({ updatedAt: now, ...(join?.status === "waitlisted" ? { waitTail: Number(join.line) } : {}) })
              .where((attr, op) => {
                // Built only when used: DynamoDB rejects a request that declares a value it does not use.
                const nobodyWaiting = () => `(${op.notExists(attr.waitlistCount)} OR ${op.eq(attr.waitlistCount, 0)})`;
                // `lt` between two attributes throws on ElectroDB 3.9.3, hence the raw comparisons.
                const placeFree = () => `(${op.notExists(attr.registeredCount)} OR ${op.name(attr.registeredCount)} < ${op.name(attr.capacity)})`;
                const full = () => `${op.name(attr.registeredCount)} >= ${op.name(attr.capacity)}`;
                // The newcomer is keyed at the event's date order as read: not if the date changed since.
                const sameOrder = () =>
                  state.orderVersion === 0
                    ? `(${op.notExists(attr.orderVersion)} OR ${op.eq(attr.orderVersion, 0)})`
                    : op.eq(attr.orderVersion, state.orderVersion);
                const countAsRead = (count: typeof attr.waitlistCount, read: number) =>
                  read === 0 ? `(${op.notExists(count)} OR ${op.eq(count, 0)})` : op.eq(count, read);
                const conditions: string[] = [ownerId === undefined ? op.notExists(attr.ownerId) : op.eq(attr.ownerId, ownerId)];
                if (join) conditions.push(`(${OPEN_STATUSES.map((status) => op.eq(attr.status, status)).join(" OR ")})`, sameOrder());
                if (join?.status === "registered") conditions.push(placeFree(), nobodyWaiting());
                if (join?.status === "waitlisted") {
                  // Nobody who got a ticket later joined the line first: the line is in arrival order, and the
                  // position computed after this commit is never changed by someone arriving ahead.
                  // The line as read, too: the newcomer's position in its message is the count read + 1.
                  conditions.push(
                    `(${full()} OR ${op.gt(attr.waitlistCount, 0)})`,
                    op.eq(attr.waitlistEnabled, true),
                    `(${op.notExists(attr.waitTail)} OR ${op.lt(attr.waitTail, Number(join.line))})`,
                    countAsRead(attr.waitlistCount, state.waitlistCount),
                  );
                }
                if (!join && registeredDelta === 1) conditions.push(placeFree());
                if (!join && registeredDelta > 1) {
                  // More than one place at once: no count comparison can add, so the count as read, and enough places.
                  conditions.push(
                    countAsRead(attr.registeredCount, state.registeredCount),
                    op.gte(attr.capacity, state.registeredCount + registeredDelta),
                  );
                }
                // A place freed with nobody to give it to: nobody may have joined the line meanwhile.
                if (leave?.status === "registered" && promote.length === 0) conditions.push(nobodyWaiting());
                return conditions.join(" AND ");
              })
              .commit(),
          ];
          if (leave) {
            items.push(
              entities.registration
                .delete({ eventId, userId: leave.userId })
                .where((attr, { eq }) => `${eq(attr.status, leave.status)} AND ${eq(attr.line, leave.line)}`)
                .commit(),
              entities.line
                .delete({ eventId, lane: leave.status, line: leave.line })
                .where(({ userId }, { eq }) => eq(userId, leave.userId))
                .commit(),
              cancelledMessage(entities, scope, leave),
            );
          }
          for (const { entry, line: key } of promote) {
            items.push(
              // The person promoted is still waiting, at the entry read: nobody is promoted twice.
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
              promotedMessage(entities, scope, entry),
            );
          }
          if (join) {
            const { userId, name, email, status, timestamp, line: key } = join;
            const person = withoutUndefined({ eventId, userId, name, email, createdAt: timestamp, updatedAt: timestamp });
            items.push(
              entities.registration
                .create({
                  ...person,
                  status,
                  line: key,
                  eventCreatedAt: state.createdAt,
                  eventOrder: dateOrder(state.date, eventId),
                  orderVersion: state.orderVersion,
                })
                .commit(),
              entities.line.create({ ...person, lane: status, line: key }).commit(),
              joinedMessage(entities, scope, { ...person, status }, status === "waitlisted" ? state.waitlistCount + 1 : undefined),
              ...(join.extraItems?.(entities) ?? []),
            );
          }
          return items as never;
        })
        .go(),
    );
    return !result.canceled;
  }

  /**
   * The first `count` in line (leaving out `except`, a leaver's entry), each
   * with a fresh ticket for the place they get, and the event as it was when
   * the tickets were taken. Undefined when the event is gone or the line is
   * shorter than read a moment ago (the caller reads again).
   */
  async function nextInLine(
    eventId: string,
    count: number,
    except?: string,
  ): Promise<{ state: EventState; promote: Promotion[] } | undefined> {
    const state = await takeTickets(eventId, count);
    if (!state) return undefined;
    const entries = (await readLane(eventId, "waitlisted", count + (except ? 1 : 0)))
      .filter((entry) => entry.line !== except)
      .slice(0, count);
    if (entries.length < count) return undefined;
    const keys = ticketsOf(state, count);
    return { state, promote: entries.map((entry, i) => ({ entry, line: keys[i]! })) };
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
      const next = await nextInLine(eventId, due);
      // A cancelled step means another change came first; loop and re-read.
      if (!next || !(await commit(next.state, { promote: next.promote }))) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      }
    }
  }

  /**
   * Deletes what is left of a deleted event's registrations, in steps that
   * each check that the event still does not exist (so that a re-created
   * event's registrations are never touched). Each step writes a
   * `registration.cancelled` per registration it deletes, for `ownerId` (the
   * deleted event's owner, when its delete recorded one).
   */
  async function purge(eventId: string, ownerId?: string): Promise<void> {
    for (;;) {
      const { data } = await guard(() =>
        registration.query.byEvent({ eventId }).go({ ...RAW_ERRORS, consistent: true, limit: PURGE_STEP, count: PURGE_STEP }),
      );
      if (data.length === 0) return;
      const scope: MessageScope = { eventId, ownerId, timestamp: new Date().toISOString() };
      const result = await guard(() =>
        store.transaction
          .write((entities) => [
            entities.event
              .check({ eventId })
              .where((attr, { notExists }) => notExists(attr.eventId))
              .commit(),
            ...data.flatMap((item) => [
              // remove(): a registration another cascade deleted meanwhile cancels this step, so its message is not written twice.
              entities.registration.remove({ eventId, userId: item.userId }).commit(),
              entities.line.delete({ eventId, lane: item.status, line: item.line }).commit(),
              cancelledMessage(entities, scope, item),
            ]),
          ])
          .go(),
      );
      if (!result.canceled) continue;
      if (await readEvent(eventId)) return; // re-created: its creator purged first
      // Another cascade of this event took some of these first: read what is left, after it.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    }
  }

  const deletions = createDeletions(store, purge);
  const order = createRekey(store, readEvent, deletions.finishDeletion);

  return {
    readEvent, takeTickets, inTurn, readRegistration, belongsTo, readRegistrationOf, readLane, waitingAhead, unsettled, nextInLine, commit, settle,
    ...deletions,
    ...order,
  };
}

export type Places = ReturnType<typeof createPlaces>;

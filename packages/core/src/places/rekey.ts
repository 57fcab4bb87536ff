/**
 * Keeps each registration keyed in the user index by its event's date order,
 * so that a person's list is an index query in the order it returns. When an
 * event's date changes (its orderVersion goes up), its registrations are
 * re-keyed in steps of a few single-item writes, each conditioned on carrying
 * an older version, so a registration is always listed exactly once, in the
 * old order or the new. The event records the version its registrations all
 * carry, and a re-key record says one is due: a re-key cut short (a crash, a
 * failure, the request's time budget) is finished by the next change to the
 * event or by the sweep. Registrations stored before the index was ordered
 * this way are keyed when their person's list is read.
 */
import { guard, RAW_ERRORS } from "../store/guard.js";
import { isConditionFailure } from "../store/failures.js";
import { batchGet } from "../store/batch-get.js";
import { dateOrder } from "../rules/date.js";
import type { RegistrationItem, Store } from "../model/store.js";
import type { EventState } from "./state.js";
import { sweepRecords } from "./sweep.js";
import { eachBounded } from "../store/each-bounded.js";

/** Registrations read, and re-keyed in parallel, per step. */
const STEP = 25;

/** True while the event's registrations do not all carry its current date order. */
export const rekeyPending = (item: { orderVersion?: number; keyedVersion?: number }) => (item.orderVersion ?? 0) > (item.keyedVersion ?? 0);

export function createRekey(
  store: Store,
  readEvent: (eventId: string) => Promise<EventState | undefined>,
  finishDeletion: (eventId: string) => Promise<void>,
) {
  const { event, registration, rekey: records } = store.entities;

  /** Removes the record of a re-key to `version` (not one a later change of date wrote). */
  async function removeRecord(eventId: string, version: number): Promise<void> {
    try {
      await guard(() =>
        records
          .delete({ eventId })
          .where((attr, { lte }) => lte(attr.orderVersion, version))
          .go({ ...RAW_ERRORS, response: "none" }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Keys one registration at this order, unless it carries a later one or belongs to another incarnation of the event. */
  async function keyAt(item: RegistrationItem, order: string, version: number): Promise<void> {
    try {
      await guard(() =>
        registration
          .patch({ eventId: item.eventId, userId: item.userId })
          .set({ eventOrder: order, orderVersion: version })
          .where(
            (attr, { eq, lt, notExists }) =>
              `(${notExists(attr.orderVersion)} OR ${lt(attr.orderVersion, version)}) AND ${eq(attr.eventCreatedAt, item.eventCreatedAt)}`,
          )
          .go({ ...RAW_ERRORS, response: "none" }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // left, or keyed by a later change meanwhile
    }
  }

  /**
   * Re-keys the event's registrations to its current date order, if a change of date left that unfinished.
   * With `until` (a time, ms), stops after the step that passes it: the record leaves the rest to the sweep.
   */
  async function rekey(eventId: string, until = Infinity): Promise<void> {
    const state = await readEvent(eventId);
    if (!state) return removeRecord(eventId, Number.MAX_SAFE_INTEGER);
    if (state.orderVersion <= state.keyedVersion) return removeRecord(eventId, state.orderVersion);
    const { orderVersion: target, createdAt } = state;
    const order = dateOrder(state.date, eventId);
    let cursor: string | null = null;
    do {
      if (Date.now() > until) return;
      const page: { data: RegistrationItem[]; cursor: string | null } = await guard(() =>
        registration.query.byEvent({ eventId }).go({ ...RAW_ERRORS, consistent: true, limit: STEP, cursor }),
      );
      const stale = page.data.filter((item) => item.eventCreatedAt === createdAt && (item.orderVersion ?? -1) < target);
      // A step cut short has no write in flight: each write of the step ends before a failure rejects.
      await eachBounded(stale, STEP, (item) => keyAt(item, order, target));
      cursor = page.cursor;
    } while (cursor !== null);
    try {
      // Done, unless the date changed again meanwhile: that change's re-key records its own.
      await guard(() =>
        event
          .patch({ eventId })
          .set({ keyedVersion: target })
          .where((attr, { eq }) => `${eq(attr.orderVersion, target)} AND ${eq(attr.createdAt, createdAt)}`)
          .go({ ...RAW_ERRORS, response: "none" }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    await removeRecord(eventId, target);
  }

  /** Keys this person's registrations stored before the user index was ordered by date (none, once done). */
  async function keyStoredBefore(userId: string): Promise<void> {
    let cursor: string | null = null;
    do {
      // Keys without an eventOrder sort before every key with one.
      const page: { data: RegistrationItem[]; cursor: string | null } = await guard(() =>
        registration.query.byUser({ userId }).lt({ eventOrder: "" }).go({ ...RAW_ERRORS, limit: 100, cursor }),
      );
      if (page.data.length === 0) return;
      const events = await batchGet(
        [...new Set(page.data.map((item) => item.eventId))].map((eventId) => ({ eventId })),
        (keys) => event.get(keys).go({ ...RAW_ERRORS, consistent: true }),
      );
      const byId = new Map(events.map((item) => [item.eventId, item]));
      for (const item of page.data) {
        const current = byId.get(item.eventId);
        // A registration of a deleted event: its delete's cascade did not finish.
        if (!current) await finishDeletion(item.eventId);
        else if (current.createdAt === item.eventCreatedAt) {
          await keyAt(item, dateOrder(current.date, current.eventId), current.orderVersion ?? 0);
        }
      }
      cursor = page.cursor;
    } while (cursor !== null);
  }

  return {
    rekey,
    keyStoredBefore,

    /** Finishes every recorded re-key; resolves with how many records there were. */
    finishRekeys: (): Promise<number> =>
      sweepRecords((limit, cursor) => records.query.pending({}).go({ ...RAW_ERRORS, consistent: true, limit, cursor }), rekey),
  };
}

/**
 * An event's delete and its cascade. The delete removes the event item and
 * writes a record of the cascade in one transaction; the cascade (removing
 * the registrations, places.ts `purge`) then runs, and removes the record when
 * it is done. A cascade cut short (a failure, a crash) is finished by the next
 * request that finds the event missing, by a create of that id, or by a sweep.
 */
import { randomUUID } from "node:crypto";
import { guard, RAW_ERRORS } from "../store/guard.js";
import { isConditionFailure } from "../store/failures.js";
import type { Store, TransactionEntities } from "../model/store.js";
import { sweepRecords } from "./sweep.js";
import { EventNotFoundError } from "../rules/errors.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";

export function createDeletions(store: Store, purge: (eventId: string, ownerId?: string) => Promise<void>) {
  const { deletion } = store.entities;

  /** Finishes the cascade of a delete of `eventId` (and removes leftovers of older deletes that had no record). */
  async function finish(eventId: string): Promise<void> {
    const { data: record } = await guard(() => deletion.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }));
    await purge(eventId, record?.ownerId);
    if (!record) return;
    try {
      await guard(() =>
        deletion
          .delete({ eventId })
          .where(({ token }, { eq }) => eq(token, record.token))
          .go({ ...RAW_ERRORS, response: "none" }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // a later delete's record: its own cascade removes it
    }
  }

  return {
    /** The record of the cascade, as an item of the transaction that deletes the event (`deletedAt`: its time). */
    record(entities: TransactionEntities, eventId: string, { ownerId, deletedAt }: { ownerId: string | undefined; deletedAt: string }) {
      return entities.deletion.put({ eventId, token: randomUUID(), deletedAt, ...(ownerId === undefined ? {} : { ownerId }) }).commit();
    },

    finishDeletion: finish,

    /**
     * EventNotFoundError for an event found missing, once the cascade of a delete of this id left
     * unfinished is done (its failure is left to a later try).
     */
    async missing(eventId: string): Promise<never> {
      if (EVENT_ID_PATTERN.test(eventId)) await finish(eventId).catch(() => undefined);
      throw new EventNotFoundError(eventId);
    },

    /** Finishes every recorded cascade; resolves with how many records there were. */
    finishDeletions: (): Promise<number> =>
      sweepRecords((limit, cursor) => deletion.query.pending({}).go({ ...RAW_ERRORS, consistent: true, limit, cursor }), finish),
  };
}

/**
 * The conditional writes that make an attempt happen once: a claim (so two
 * dispatchers never send one attempt at once, and a crash is retried when the
 * claim lapses) and the record of what came of it, conditioned on the claim.
 * Each moves the delivery's due items in the same transaction as the delivery.
 */
import type { EntityItem } from "electrodb";
import type { Store } from "../model/store.js";
import type { DeliveryEntity } from "../model/delivery-entity.js";
import type { DueEntity } from "../model/due-entity.js";
import { guard, RAW_ERRORS } from "../store/guard.js";
import type { Verdict } from "./schedule.js";

export type DeliveryItem = EntityItem<DeliveryEntity>;
export type DueItem = EntityItem<DueEntity>;
/** A due item as read: its key, and the expiry (its delivery's) that moves with it. */
export type DueKey = Pick<DueItem, "shard" | "dueAt" | "webhookId" | "messageId" | "kind" | "expiresAt">;
export type Attempt = DeliveryItem["attempts"][number];

export const iso = (ms: number) => new Date(ms).toISOString();

const dueKey = ({ shard, dueAt, webhookId, messageId, kind }: DueKey): DueKey => ({ shard, dueAt, webhookId, messageId, kind });

/** The due item at another time (or of another kind), with its expiry. */
const movedDue = (due: DueKey, change: Partial<Pick<DueKey, "dueAt" | "kind">>): DueKey => ({
  ...dueKey(due),
  ...change,
  ...(due.expiresAt === undefined ? {} : { expiresAt: due.expiresAt }),
});

const sameKey = (a: DueKey, b: DueKey) => a.dueAt === b.dueAt && a.kind === b.kind;

/** The delivery's scheduled due item, when it has one. */
const scheduledDue = (delivery: DeliveryItem): DueKey | undefined =>
  delivery.dueAt === undefined
    ? undefined
    : { shard: delivery.shard, dueAt: delivery.dueAt, webhookId: delivery.webhookId, messageId: delivery.messageId, kind: "scheduled" };

export async function readDelivery(store: Store, webhookId: string, messageId: string): Promise<DeliveryItem | undefined> {
  const { data } = await guard(() => store.entities.delivery.get({ webhookId, messageId }).go({ ...RAW_ERRORS, consistent: true }));
  return data ?? undefined;
}

/**
 * Claims the attempt a due item stands for until `until` (epoch ms): a scheduled one needs the delivery
 * pending with its due item here, a manual one only that nobody holds a live claim. The due item moves to
 * `until`, so that an attempt that never records is found again then. Resolves with the claimed due item,
 * or undefined when someone else holds it (a due item whose delivery is gone is removed). The delivery is
 * read only when the claim fails: the attempt reads it once, under its claim.
 */
export async function claim(store: Store, due: DueKey, token: string, now: number, until: number): Promise<DueKey | undefined> {
  const claimed = movedDue(due, { dueAt: iso(until) });
  const result = await guard(() =>
    store.transaction
      .write(({ delivery: deliveries, due: dues }) => [
        deliveries
          .patch({ webhookId: due.webhookId, messageId: due.messageId })
          .set(due.kind === "scheduled" ? { claimToken: token, claimedUntil: until, dueAt: claimed.dueAt } : { claimToken: token, claimedUntil: until })
          .where((attr, op) => {
            const free = `(${op.notExists(attr.claimToken)} OR ${op.lt(attr.claimedUntil, now)})`;
            return due.kind === "scheduled" ? `${op.eq(attr.status, "pending")} AND ${op.eq(attr.dueAt, due.dueAt)} AND ${free}` : free;
          })
          .commit(),
        dues.delete(dueKey(due)).commit(),
        dues.put(claimed).commit(),
      ])
      .go(),
  );
  if (!result.canceled) return claimed;
  if (!(await readDelivery(store, due.webhookId, due.messageId))) {
    await guard(() => store.entities.due.delete(dueKey(due)).go({ ...RAW_ERRORS, response: "none" }));
  }
  return undefined;
}

/**
 * Records an attempt made under the claim `token` (nothing when the claim was lost): the attempt joins the
 * log, and the verdict sets the status and moves or removes the due items. Resolves with whether it was
 * recorded, and the due item of the next attempt when it scheduled one.
 */
export async function record(
  store: Store,
  delivery: DeliveryItem,
  claimed: DueKey,
  token: string,
  change: { verdict: Verdict; attempts: Attempt[]; attemptCount: number },
): Promise<{ recorded: boolean; next?: DueKey }> {
  const { verdict } = change;
  const release = ["claimToken", "claimedUntil"] as const;
  const key = { webhookId: delivery.webhookId, messageId: delivery.messageId };
  const scheduled = scheduledDue(delivery);
  // One transaction may not touch one item twice: a next attempt due exactly at the claim's end moves by 1 ms.
  const next =
    verdict.status === "pending"
      ? movedDue(claimed, {
          dueAt: iso(verdict.nextAttemptAt === Date.parse(claimed.dueAt) ? verdict.nextAttemptAt + 1 : verdict.nextAttemptAt),
          kind: "scheduled",
        })
      : undefined;
  const result = await guard(() =>
    store.transaction
      .write(({ delivery: deliveries, due: dues }) => {
        const patch = deliveries.patch(key);
        const removals = [dues.delete(dueKey(claimed)).commit()];
        if (verdict.status === "unchanged") {
          return [
            patch
              .set({ attempts: change.attempts })
              .remove([...release])
              .where((attr, op) => op.eq(attr.claimToken, token))
              .commit(),
            ...removals,
          ];
        }
        if (next) {
          const { dueAt } = next;
          return [
            patch
              .set({ status: "pending", attempts: change.attempts, attemptCount: change.attemptCount, nextAttemptAt: dueAt, dueAt })
              .remove([...release])
              .where((attr, op) => op.eq(attr.claimToken, token))
              .commit(),
            ...removals,
            dues.put(next).commit(),
          ];
        }
        // Delivered or failed: no attempt is due any more, scheduled or claimed.
        if (scheduled && !sameKey(scheduled, claimed)) removals.push(dues.delete(scheduled).commit());
        return [
          patch
            .set({ status: verdict.status, attempts: change.attempts, attemptCount: change.attemptCount })
            .remove(["nextAttemptAt", "dueAt", ...release])
            .where((attr, op) => op.eq(attr.claimToken, token))
            .commit(),
          ...removals,
        ];
      })
      .go(),
  );
  if (result.canceled) return { recorded: false };
  return next ? { recorded: true, next } : { recorded: true };
}

/** Removes a delivery whose endpoint is gone, with its due items (under the claim `token`). */
export async function drop(store: Store, delivery: DeliveryItem, claimed: DueKey, token: string): Promise<void> {
  const scheduled = scheduledDue(delivery);
  await guard(() =>
    store.transaction
      .write(({ delivery: deliveries, due: dues }) => [
        deliveries
          .delete({ webhookId: delivery.webhookId, messageId: delivery.messageId })
          .where((attr, op) => op.eq(attr.claimToken, token))
          .commit(),
        dues.delete(dueKey(claimed)).commit(),
        ...(scheduled && !sameKey(scheduled, claimed) ? [dues.delete(scheduled).commit()] : []),
      ])
      .go(),
  );
}

/**
 * Fan-out: an outbox message becomes one delivery per matching endpoint, each
 * with its due item, and then leaves the outbox. A delivery is created only if
 * none exists, so fanning a message out twice (a retried Lambda, two
 * dispatchers) adds nothing.
 */
import { randomInt } from "node:crypto";
import type { Store } from "../model/store.js";
import { WEBHOOK_SHARDS } from "../rules/webhook-fields.js";
import { eachBounded } from "../store/each-bounded.js";
import { guard, RAW_ERRORS } from "../store/guard.js";
import { iso, type DueKey } from "./claims.js";
import { matches, type EndpointItem } from "./matching.js";
import { removeMessage, type MessageItem } from "./outbox.js";

/** Messages fanned out at once: a burst of changes reaches its endpoints in a few round trips, not one message at a time. */
const MESSAGES_AT_ONCE = 16;

/** Every endpoint, strongly consistent (one partition). */
export async function readEndpoints(store: Store): Promise<EndpointItem[]> {
  const { data } = await guard(() => store.entities.webhook.query.all({}).go({ ...RAW_ERRORS, consistent: true, pages: "all" }));
  return data;
}

/** The body receivers get: `data` is the committed JSON text, spliced in unchanged. */
export const messageBody = (message: MessageItem) =>
  `{"type":${JSON.stringify(message.type)},"timestamp":${JSON.stringify(message.timestamp)},"data":${message.data}}`;

/** Fans the messages out; resolves with the due items of the deliveries it created (due now). */
export async function fanOut(store: Store, messages: readonly MessageItem[], now: () => number): Promise<DueKey[]> {
  if (messages.length === 0) return [];
  const endpoints = await readEndpoints(store);
  const created: DueKey[] = [];
  await eachBounded(messages, MESSAGES_AT_ONCE, async (message) => {
    const body = messageBody(message);
    await Promise.all(
      endpoints
        .filter((endpoint) => matches(endpoint, message))
        .map(async ({ webhookId }) => {
          const expiry = message.expiresAt === undefined ? {} : { expiresAt: message.expiresAt };
          const due: DueKey = { shard: String(randomInt(WEBHOOK_SHARDS)), dueAt: iso(now()), webhookId, messageId: message.messageId, kind: "scheduled", ...expiry };
          const result = await guard(() =>
            store.transaction
              .write(({ delivery, due: dues }) => [
                delivery
                  .create({
                    webhookId,
                    messageId: message.messageId,
                    type: message.type,
                    body,
                    status: "pending",
                    attempts: [],
                    attemptCount: 0,
                    nextAttemptAt: due.dueAt,
                    shard: due.shard,
                    dueAt: due.dueAt,
                    createdAt: message.timestamp,
                    ...expiry,
                  })
                  .commit(),
                dues.create(due).commit(),
              ])
              .go(),
          );
          // Cancelled: this message's delivery to this endpoint exists already.
          if (!result.canceled) created.push(due);
        }),
    );
    await removeMessage(store, message);
  });
  return created;
}

/** Due items of one partition due by `now`, oldest first, a page at a time. */
export async function readDue(store: Store, shard: number, now: number, cursor: string | null, limit: number) {
  const { data, cursor: next } = await guard(() =>
    store.entities.due.query
      .byTime({ shard: String(shard) })
      .lt({ dueAt: iso(now + 1) })
      .go({ ...RAW_ERRORS, consistent: true, cursor, limit }),
  );
  return { items: data as DueKey[], cursor: next };
}

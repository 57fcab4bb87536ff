/**
 * Writing to the outbox: every change that the webhooks report adds its
 * message items to its own transaction through `outboxPut`, so a message exists
 * exactly when its change committed. The dispatcher reads them back with `readOutbox`.
 */
import { randomInt } from "node:crypto";
import { ulid } from "ulid";
import type { Store, TransactionEntities } from "../model/store.js";
import type { EntityItem } from "electrodb";
import type { MessageEntity } from "../model/message-entity.js";
import { DELIVERY_RETENTION_SECONDS, WEBHOOK_SHARDS, type MessageType } from "../rules/webhook-fields.js";
import { guard, RAW_ERRORS } from "../store/guard.js";

/** A message as stored in the outbox (and as the stream hands it to the delivery function). */
export type MessageItem = EntityItem<MessageEntity>;

export interface NewMessage {
  type: MessageType;
  eventId: string;
  /** The event's owner at the change (undefined: only services' endpoints get it). */
  ownerId?: string | undefined;
  /** The message's `data` (an Event or a Registration in its public shape). */
  data: unknown;
  /** When the change commits; now when left out. */
  timestamp?: string;
}

export const newMessageId = () => `msg_${ulid()}`;

/** The outbox item for a change, ready to be written. */
export function messageItem({ type, eventId, ownerId, data, timestamp }: NewMessage): MessageItem {
  const at = timestamp ?? new Date().toISOString();
  return {
    shard: String(randomInt(WEBHOOK_SHARDS)),
    messageId: newMessageId(),
    type,
    timestamp: at,
    eventId,
    ...(ownerId === undefined ? {} : { ownerId }),
    data: JSON.stringify(data),
    expiresAt: Math.floor(Date.parse(at) / 1000) + DELIVERY_RETENTION_SECONDS,
  };
}

/** The message as an item of the change's transaction (create: a message id is never reused). */
export function outboxPut(entities: TransactionEntities, message: NewMessage) {
  return entities.message.create(messageItem(message)).commit();
}

/** Up to `limit` messages of one outbox partition, oldest first (strongly consistent); `before`: only ids below it. */
export async function readOutbox(store: Store, shard: number, options: { limit: number; before?: string }): Promise<MessageItem[]> {
  const partition = store.entities.message.query.outbox({ shard: String(shard) });
  const range = options.before === undefined ? partition : partition.lt({ messageId: options.before });
  const { data } = await guard(() => range.go({ ...RAW_ERRORS, consistent: true, limit: options.limit }));
  return data;
}

/** Removes a message once it is fanned out (gone already is fine). */
export async function removeMessage(store: Store, message: Pick<MessageItem, "shard" | "messageId">): Promise<void> {
  await guard(() => store.entities.message.delete({ shard: message.shard, messageId: message.messageId }).go({ ...RAW_ERRORS, response: "none" }));
}

/** The smallest message id at `time` (ms): ids below it were made before then (ULIDs start with their time). */
export function messageIdAt(time: number): string {
  return `msg_${ulid(time).slice(0, 10)}`;
}

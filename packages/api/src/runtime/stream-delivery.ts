/**
 * The outbox messages in a batch of DynamoDB Streams records, as Lambda hands
 * them to the delivery function: only new items (INSERT) of the message entity.
 * The subscription's filter already keeps only those; this check makes the
 * function right whatever the filter lets through (a MODIFY or REMOVE, another entity).
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { ENTITY_ATTRIBUTE, MESSAGE_ENTITY, type Dispatcher, type MessageItem } from "@events/core";

const TEXT_FIELDS = ["shard", "messageId", "type", "timestamp", "eventId", "data"] as const;

/**
 * The delivery function's handler over a dispatcher: the batch's messages are fanned out and
 * their first attempts made (or queued, deployed); a failure rejects, so that Lambda retries the batch.
 */
export function deliverFromStream(dispatcher: Pick<Dispatcher, "deliver">) {
  return async (event: DynamoDBStreamEvent): Promise<{ messages: number }> => {
    const messages = streamMessages(event);
    if (messages.length > 0) await dispatcher.deliver(messages);
    return { messages: messages.length };
  };
}

export function streamMessages(event: DynamoDBStreamEvent): MessageItem[] {
  const messages: MessageItem[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== "INSERT" || image?.[ENTITY_ATTRIBUTE]?.S !== MESSAGE_ENTITY) continue;
    // A stream image is DynamoDB's JSON; binary values (base64 text here) never occur in a message.
    const message = asMessage(unmarshall(image as Parameters<typeof unmarshall>[0]));
    if (message) messages.push(message);
  }
  return messages;
}

/** The message's own fields (the keys and ElectroDB's markers left out), or undefined for an item that is not one. */
function asMessage(item: Record<string, unknown>): MessageItem | undefined {
  if (!TEXT_FIELDS.every((field) => typeof item[field] === "string")) return undefined;
  const { shard, messageId, type, timestamp, eventId, ownerId, data, expiresAt } = item;
  return {
    shard,
    messageId,
    type,
    timestamp,
    eventId,
    ...(typeof ownerId === "string" && { ownerId }),
    data,
    ...(typeof expiresAt === "number" && { expiresAt }),
  } as MessageItem;
}

/** Which endpoints a message goes to: decided once, at fan-out. */
import type { EntityItem } from "electrodb";
import type { WebhookEntity } from "../model/webhook-entity.js";
import type { MessageItem } from "./outbox.js";

export type EndpointItem = EntityItem<WebhookEntity>;

/**
 * Enabled, existing when the change happened, subscribed to its type and its event (if it names one),
 * and — a person's endpoint — about an event that person owned at the change.
 */
export function matches(endpoint: EndpointItem, message: MessageItem): boolean {
  return (
    endpoint.enabled &&
    endpoint.createdAt <= message.timestamp &&
    endpoint.types.includes(message.type) &&
    (endpoint.eventId === undefined || endpoint.eventId === message.eventId) &&
    (endpoint.ownerId === undefined || endpoint.ownerId === message.ownerId)
  );
}

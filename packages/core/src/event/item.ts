/**
 * How a new event is stored: the client's fields, the defaults and the
 * server's fields, plus the date-order key the list indexes sort by.
 */
import { randomUUID } from "node:crypto";
import { dateOrder } from "../rules/date.js";
import { DEFAULT_EVENT_STATUS } from "../rules/event-fields.js";
import type { CreateEventInput } from "../rules/event-schema.js";
import type { EventItem } from "../model/store.js";

/** A validated create input as the item to store, at version 1. */
export function newEventItem(input: CreateEventInput, timestamp = new Date().toISOString()): EventItem {
  const eventId = input.eventId ?? randomUUID();
  return {
    ...input,
    eventId,
    status: input.status ?? DEFAULT_EVENT_STATUS,
    waitlistEnabled: input.waitlistEnabled ?? false,
    registeredCount: 0,
    waitlistCount: 0,
    lineSeq: 0,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
    createToken: randomUUID(),
    dateOrder: dateOrder(input.date, eventId),
  };
}

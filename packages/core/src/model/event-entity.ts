/**
 * The ElectroDB `Event` entity: how an event is laid out in the events table.
 * Keys keep their case (`casing: "none"`) because event ids are case-sensitive.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { CAPACITY_LIMITS, EVENT_ID_PATTERN, EVENT_STATUSES, textProblem, type TextField } from "../rules/event-fields.js";
import { isEventDate } from "../rules/date.js";

const { byStatus, byDate, byOwner } = EVENTS_TABLE.globalIndexes;

const text = (field: TextField) =>
  ({
    type: "string",
    required: true,
    validate: (value: string | undefined) => value === undefined || textProblem(field, value) === undefined,
  }) as const;

export function eventEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "event", version: "1", service: "events" },
      attributes: {
        eventId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        title: text("title"),
        description: text("description"),
        date: {
          type: "string",
          required: true,
          validate: (value: string | undefined) => value === undefined || isEventDate(value),
        },
        location: text("location"),
        capacity: {
          type: "number",
          required: true,
          validate: (value: number | undefined) =>
            value === undefined ||
            (Number.isInteger(value) && value >= CAPACITY_LIMITS.min && value <= CAPACITY_LIMITS.max),
        },
        organizer: text("organizer"),
        status: { type: EVENT_STATUSES, required: true },
        /** The userId of the person who manages the event; absent when only services do. */
        ownerId: { type: "string", validate: EVENT_ID_PATTERN },
        // Not required: events stored before registrations existed lack them (read as false / 0).
        waitlistEnabled: { type: "boolean" },
        registeredCount: { type: "number" },
        waitlistCount: { type: "number" },
        /** The last ticket handed out (line keys of both lists): arrival order. */
        lineSeq: { type: "number" },
        /** The ticket of the last person who joined the waitlist (places/places.ts). */
        waitTail: { type: "number" },
        createdAt: { type: "string", required: true, readOnly: true },
        updatedAt: { type: "string", required: true },
        version: { type: "number", required: true },
        /** One more on every change of date: the user index order its registrations should be keyed at (places/rekey.ts). */
        orderVersion: { type: "number" },
        /** The orderVersion every registration of the event carries; below orderVersion while a re-key is unfinished. */
        keyedVersion: { type: "number" },
        /** Random, set by the create that stored the item: a create retried by the SDK knows its own item by it. */
        createToken: { type: "string", readOnly: true },
        /** `<instant>#<eventId>`: orders the date indexes by time, then id. Derived from date. */
        dateOrder: { type: "string", required: true, hidden: true },
      },
      indexes: {
        byId: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["eventId"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: [], casing: "none" },
        },
        byStatus: {
          index: byStatus.indexName,
          pk: { field: byStatus.partitionKey, composite: ["status"], casing: "none" },
          sk: { field: byStatus.sortKey, composite: ["dateOrder"], casing: "none" },
        },
        byDate: {
          index: byDate.indexName,
          pk: { field: byDate.partitionKey, composite: [], casing: "none" },
          sk: { field: byDate.sortKey, composite: ["dateOrder"], casing: "none" },
        },
        byOwner: {
          index: byOwner.indexName,
          pk: { field: byOwner.partitionKey, composite: ["ownerId"], template: "${ownerId}", casing: "none" },
          sk: { field: byOwner.sortKey, composite: ["dateOrder"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type EventEntity = ReturnType<typeof eventEntity>;

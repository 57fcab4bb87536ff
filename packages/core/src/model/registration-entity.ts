/**
 * The ElectroDB `Registration` entity: one person's registration, keyed by
 * user, in its event's own partition (the same `pk` as the event item), so
 * that it is read with strong consistency and written in one transaction with
 * the event's counts. The user index lists one person's registrations.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";
import { REGISTRATION_STATUSES } from "../rules/registration-fields.js";

const { byUser } = EVENTS_TABLE.globalIndexes;

export function registrationEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "registration", version: "1", service: "events" },
      attributes: {
        eventId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        userId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        name: { type: "string" },
        email: { type: "string" },
        status: { type: REGISTRATION_STATUSES, required: true },
        /** The key of this person's entry in the event's lists (line-entity.ts). */
        line: { type: "string", required: true },
        /**
         * The event's date order (`<instant>#<eventId>`, rules/date.ts) as the user index sorts by it, so that a
         * person's list is read in the order it is returned. Re-keyed when the event's date changes (places/rekey.ts).
         * Missing only on registrations stored before it existed (keyed when their person's list is read).
         */
        eventOrder: { type: "string" },
        /** The event's orderVersion this registration's eventOrder was keyed at: a re-key never overwrites a later one. */
        orderVersion: { type: "number" },
        /** The event's createdAt when registering: tells a leftover of a deleted event from a registration of its re-creation. */
        eventCreatedAt: { type: "string", required: true, readOnly: true },
        createdAt: { type: "string", required: true, readOnly: true },
        updatedAt: { type: "string", required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["eventId"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["userId"], casing: "none" },
        },
        byUser: {
          index: byUser.indexName,
          pk: { field: byUser.partitionKey, composite: ["userId"], casing: "none" },
          sk: { field: byUser.sortKey, composite: ["eventOrder"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type RegistrationEntity = ReturnType<typeof registrationEntity>;

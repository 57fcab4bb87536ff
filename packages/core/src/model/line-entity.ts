/**
 * The ElectroDB `Line` entity: a person's entry in one of the event's two
 * ordered lists, in the event's partition. Its sort key is the lane
 * (`registered` or `waitlisted`) and the line number taken from the event's
 * counter when the person joined that lane, so one strongly consistent Query
 * reads the people in the order they got their place, or the first in line.
 * It carries a copy of the registration's fields, so lists need no second read.
 */
import { Entity } from "electrodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EVENTS_TABLE } from "./table.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";
import { LINE_KEY_PATTERN, REGISTRATION_STATUSES } from "../rules/registration-fields.js";

export function lineEntity(client: DynamoDBClient, table: string) {
  return new Entity(
    {
      model: { entity: "line", version: "1", service: "events" },
      attributes: {
        eventId: { type: "string", required: true, readOnly: true, validate: EVENT_ID_PATTERN },
        lane: { type: REGISTRATION_STATUSES, required: true, readOnly: true },
        line: { type: "string", required: true, readOnly: true, validate: LINE_KEY_PATTERN },
        userId: { type: "string", required: true, readOnly: true },
        name: { type: "string" },
        email: { type: "string" },
        createdAt: { type: "string", required: true, readOnly: true },
        updatedAt: { type: "string", required: true },
      },
      indexes: {
        byLine: {
          pk: { field: EVENTS_TABLE.partitionKey, composite: ["eventId"], casing: "none" },
          sk: { field: EVENTS_TABLE.sortKey, composite: ["lane", "line"], casing: "none" },
        },
      },
    },
    { client, table },
  );
}

export type LineEntity = ReturnType<typeof lineEntity>;

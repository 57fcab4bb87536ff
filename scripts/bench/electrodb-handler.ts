/**
 * A component floor for cold starts: the same GetItem through a minimal
 * ElectroDB entity (two attributes, one index) instead of the raw SDK. What
 * it adds to the raw handler is what ElectroDB alone (with the SDK's document
 * client it brings) costs a cold start.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Entity } from "electrodb";

const entity = new Entity(
  {
    model: { entity: "event", version: "1", service: "events" },
    attributes: { eventId: { type: "string", required: true }, title: { type: "string" } },
    // Keys as the events entity lays them out (packages/core/src/model/event-entity.ts).
    indexes: { byId: { pk: { field: "pk", composite: ["eventId"], casing: "none" }, sk: { field: "sk", composite: [], casing: "none" } } },
  },
  { client: new DynamoDBClient({}), table: process.env.DYNAMODB_TABLE_NAME! },
);

export async function handler(event: { rawPath: string }) {
  const eventId = decodeURIComponent(event.rawPath.split("/").pop() ?? "");
  const { data } = await entity.get({ eventId }).go();
  return data
    ? { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(data) }
    : { statusCode: 404, headers: { "content-type": "application/json" }, body: '{"detail":"Event not found"}' };
}

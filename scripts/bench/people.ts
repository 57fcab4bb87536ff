/**
 * pnpm bench, part f: people holding many registrations. Events are loaded in
 * bulk; the registrations go through the registration service, as the API
 * writes them (a person's list is keyed by what the service writes).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SERVICE, type Services } from "@events/core";
import { generateEvents } from "../generate-events.js";

/** How many registrations each benchmarked person holds. */
export const PEOPLE = { few: 20, many: 2000, feed100: 100, feed500: 500 } as const;
export const PEOPLE_IDS = { few: "person-20", many: "person-2000", feed100: "feed-100", feed500: "feed-500" } as const;

const eventId = (i: number) => `people-${String(i).padStart(7, "0")}`;

export async function loadPeople(services: Services): Promise<void> {
  await services.bulkLoad(generateEvents(PEOPLE.many, { seed: 7, idPrefix: "people", statuses: ["published"] }));
  const writes = (Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]).flatMap((who) =>
    Array.from({ length: PEOPLE[who] }, (_, i) => () => services.registrations.create(eventId(i), { userId: PEOPLE_IDS[who] }, SERVICE)),
  );
  let next = 0;
  const worker = async () => {
    while (next < writes.length) await writes[next++]!();
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** The index items, events and read units one call reads (DynamoDB's Count and ConsumedCapacity). */
export async function readsOfPage(client: DynamoDBClient, run: () => Promise<unknown>) {
  const seen = { indexItems: 0, events: 0, capacity: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string; IndexName?: string; RequestItems?: Record<string, { Keys: { sk?: unknown }[] }> };
      input.ReturnConsumedCapacity = "TOTAL";
      const out = await next(args);
      const o = out.output as { Count?: number; ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] };
      if (context.commandName === "QueryCommand" && input.IndexName !== undefined) seen.indexItems += o.Count ?? 0;
      if (context.commandName?.startsWith("BatchGet")) {
        const keys = Object.values(input.RequestItems ?? {}).flatMap((request) => request.Keys);
        seen.events += keys.filter((key) => JSON.stringify(key.sk ?? "").includes("$event_")).length;
      }
      for (const c of [o.ConsumedCapacity ?? []].flat()) seen.capacity += c.CapacityUnits ?? 0;
      return out;
    },
    { step: "initialize", name: "countPageReads" },
  );
  try {
    await run();
  } finally {
    client.middlewareStack.remove("countPageReads");
  }
  return seen;
}

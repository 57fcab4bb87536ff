/**
 * The typed client against a running Events API:
 * create → list by status, page by page (nextCursor) → update with If-Match → delete.
 *
 *   pnpm start                                          # the API, in another terminal
 *   pnpm --filter @events/example-typescript-client start
 *
 * EVENTS_API_URL (default http://localhost:8000) and EVENTS_API_KEY (when the
 * server has API_KEY set) point it elsewhere.
 */
import { pathToFileURL } from "node:url";
import { randomUUID } from "node:crypto";
import {
  createEventsClient,
  deleteIfMatch,
  errorCode,
  errorDetail,
  updateIfMatch,
  type CreateEventInput,
  type Event,
} from "@events/client";

export interface ExampleOptions {
  /** Sent as X-Api-Key (needed for writes when the server has API_KEY set). */
  apiKey?: string;
  /** Where the example says what it does (console.log by default). */
  log?: (line: string) => void;
  /** Events per page when listing (small, to show the pagination). */
  pageSize?: number;
}

export interface ExampleResult {
  /** The ids created, in creation order. */
  created: string[];
  /** The ids on each page of the published events listed. */
  pages: string[][];
  /** The event after the conditional update. */
  updated: Event;
  /** Whether the second update, still at the old version, was refused with 412 (PRECONDITION_FAILED). */
  staleUpdateRefused: boolean;
  /** The ids deleted. */
  deleted: string[];
}

/** The month the example's events are in; the list asks for this range only. */
const MONTH = { from: "2031-06-01", to: "2031-06-30T23:59:59Z" };

export async function main(baseUrl: string, options: ExampleOptions = {}): Promise<ExampleResult> {
  const { apiKey, log = console.log, pageSize = 2 } = options;
  const api = createEventsClient(baseUrl, apiKey ? { apiKey } : {});
  const run = randomUUID().slice(0, 8);

  // 1. Create: five events, three of them published. The calls of one tick go out as one batched request.
  const drafts: CreateEventInput[] = [1, 2, 3, 4, 5].map((n) => ({
    eventId: `example-${run}-${n}`,
    title: `Community meetup #${n}`,
    description: "Talks, demos and pizza",
    date: `2031-06-0${6 - n}T18:30:00+02:00`,
    location: "Berlin",
    capacity: 40 + n * 10,
    organizer: "Example Org",
    status: n % 2 === 1 ? "published" : "draft",
  }));
  log(`Creating ${drafts.length} events on ${baseUrl}`);
  const created = await Promise.all(drafts.map((input) => api.events.create.mutate(input)));
  for (const event of created) {
    log(`  created ${event.eventId} "${event.title}" (${event.status}, ${event.date}, version ${event.version})`);
  }

  // 2. List by status, one page at a time, following nextCursor until it is null.
  log(`Listing published events from ${MONTH.from} to ${MONTH.to}, ${pageSize} per page`);
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await api.events.list.query({ status: "published", ...MONTH, limit: pageSize, ...(cursor ? { cursor } : {}) });
    pages.push(page.items.map((event) => event.eventId));
    log(`  page ${pages.length}: ${page.items.map((event) => `${event.eventId} (${event.date})`).join(", ") || "(empty)"}`);
    cursor = page.nextCursor;
  } while (cursor);
  log(`  ${pages.flat().length} published events on ${pages.length} pages`);

  // 3. Update with If-Match: only if nobody changed the event since we read it.
  const first = await api.events.get.query({ eventId: created[0]!.eventId });
  log(`Updating ${first.eventId} if it is still at version ${first.version}`);
  const updated = await updateIfMatch(api, first, { capacity: first.capacity + 100, status: "active" });
  log(`  updated: capacity ${first.capacity} -> ${updated.capacity}, status ${updated.status}, now version ${updated.version}`);

  log(`Updating ${first.eventId} again from the stale version ${first.version}`);
  let staleUpdateRefused = false;
  try {
    await updateIfMatch(api, first, { capacity: 1 });
    log("  applied (unexpected)");
  } catch (error) {
    if (errorCode(error) !== "PRECONDITION_FAILED") throw error;
    staleUpdateRefused = true;
    log("  refused: PRECONDITION_FAILED (412), the event changed since; nothing was written");
  }

  // 4. Delete: each event only if it is at the version we hold.
  log(`Deleting the ${created.length} events`);
  const current = [updated, ...created.slice(1)];
  await Promise.all(current.map((event) => deleteIfMatch(api, event)));
  for (const event of current) log(`  deleted ${event.eventId}`);
  log("Done.");

  return { created: created.map((event) => event.eventId), pages, updated, staleUpdateRefused, deleted: current.map((e) => e.eventId) };
}

// Run directly (`tsx src/main.ts`): against EVENTS_API_URL, or the local server.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.env.EVENTS_API_URL ?? "http://localhost:8000", { apiKey: process.env.EVENTS_API_KEY }).catch((error: unknown) => {
    console.error(`Failed (${errorCode(error) ?? "error"}): ${errorDetail(error)}`);
    process.exitCode = 1;
  });
}

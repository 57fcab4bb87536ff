/**
 * Bulk loading for seeding and benchmarks: batch writes (25 items a request,
 * unprocessed items retried), many requests in flight. Unlike `create`, a
 * batch write cannot be conditional, so an event with an existing id is
 * overwritten; use it on generated data, not to import into live tables.
 */
import type { Store } from "../model/store.js";
import type { CreateEventInput } from "../rules/event-schema.js";
import { eachBounded } from "../store/each-bounded.js";
import { newEventItem } from "./item.js";

const BATCH = 25;

export interface BulkLoadOptions {
  /** Batch requests in flight at once. */
  concurrency?: number;
  /** Called after each batch with the number of events written so far. */
  onProgress?: (written: number) => void;
}

/** Writes every event (parsed by the caller: CreateEventInputSchema); resolves with how many were written. */
export async function bulkLoad(store: Store, events: Iterable<CreateEventInput>, options: BulkLoadOptions = {}): Promise<number> {
  const entity = store.entities.event;
  const timestamp = new Date().toISOString();
  const items = Array.from(events, (input) => newEventItem(input, timestamp));

  const batches = Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));
  let written = 0;
  await eachBounded(batches, options.concurrency ?? 8, async (batch) => {
    // ElectroDB retries unprocessed items until none are left (or it gives up and reports them).
    const { unprocessed } = await entity.put(batch).go();
    if (unprocessed.length > 0) throw new Error(`${unprocessed.length} events were not written`);
    written += batch.length;
    options.onProgress?.(written);
  });
  return written;
}

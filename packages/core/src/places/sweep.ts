/**
 * Work cut short (a delete's cascade, a re-key after a change of date) leaves a record in a
 * partition of its own; a sweep walks that partition and finishes each record's work.
 */
import { guard } from "../store/guard.js";

/** Records finished by one sweep step at a time. */
const SWEEP_PAGE = 25;

export interface RecordPage {
  data: { eventId: string }[];
  cursor: string | null;
}

/**
 * Reads the pending records page by page (`readPage(limit, cursor)`) and finishes each in turn;
 * resolves with how many there were.
 */
export async function sweepRecords(
  readPage: (limit: number, cursor: string | null) => Promise<RecordPage>,
  finish: (eventId: string) => Promise<unknown>,
): Promise<number> {
  let finished = 0;
  let cursor: string | null = null;
  do {
    const page: RecordPage = await guard(() => readPage(SWEEP_PAGE, cursor));
    for (const { eventId } of page.data) await finish(eventId);
    finished += page.data.length;
    cursor = page.cursor;
  } while (cursor !== null);
  return finished;
}

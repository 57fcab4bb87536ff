/**
 * List cursors: where the next page starts, as an opaque URL-safe string. It
 * holds only the last returned event's sort position; the query it continues
 * (status, range) comes from the request, so a cursor cannot reach other data.
 */
import { EVENT_ID_PATTERN } from "./event-fields.js";

export interface CursorPosition {
  eventId: string;
  /** `<instant>#<eventId>`, as stored in the date indexes. */
  dateOrder: string;
}

const DATE_ORDER = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z#(.+)$/;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(position.dateOrder, "utf8").toString("base64url");
}

/** The position a cursor names, or null when it is not one of ours. */
export function decodeCursor(cursor: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  const dateOrder = Buffer.from(cursor, "base64url").toString("utf8");
  const eventId = DATE_ORDER.exec(dateOrder)?.[1];
  if (eventId === undefined || !EVENT_ID_PATTERN.test(eventId)) return null;
  return { eventId, dateOrder };
}

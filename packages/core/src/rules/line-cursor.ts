/**
 * Registration list cursors: where the next page starts, as an opaque
 * URL-safe string: after a lane and line number. (A user's list continues
 * after an event's date-order key, with the events' own cursors.) The query it
 * continues comes from the request, so a cursor cannot reach other data.
 */
import { LINE_KEY_PATTERN, REGISTRATION_STATUSES, type RegistrationStatus } from "./registration-fields.js";

export interface LineCursor {
  lane: RegistrationStatus;
  line: string;
}

const encode = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const decode = (cursor: string) =>
  /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : undefined;

export const encodeLineCursor = ({ lane, line }: LineCursor) => encode(`${lane}:${line}`);

/** The position a cursor names, or null when it is not one of ours. */
export function decodeLineCursor(cursor: string): LineCursor | null {
  const [lane, line, ...rest] = decode(cursor)?.split(":") ?? [];
  if (rest.length > 0 || !REGISTRATION_STATUSES.includes(lane as RegistrationStatus) || !LINE_KEY_PATTERN.test(line ?? "")) {
    return null;
  }
  return { lane: lane as RegistrationStatus, line: line! };
}

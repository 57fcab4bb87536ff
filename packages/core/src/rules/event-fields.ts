/**
 * The event's field rules, defined once. The zod schemas (and through them the
 * OpenAPI document) and the ElectroDB entity read their limits from here.
 */

export const EVENT_STATUSES = ["draft", "published", "cancelled", "completed", "active"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const DEFAULT_EVENT_STATUS: EventStatus = "draft";

export const EVENT_ID_MAX_LENGTH = 128;
/** Characters that need no escaping in a URL path segment (RFC 3986 "unreserved"). */
const ID_CHARACTERS = `[A-Za-z0-9._~-]{1,${EVENT_ID_MAX_LENGTH}}`;
/** The id rule in words, for messages and docs. */
export const EVENT_ID_RULE = `1-${EVENT_ID_MAX_LENGTH} characters from A-Z a-z 0-9 - _ . ~`;

export const EVENT_ID_CHARSET = new RegExp(`^${ID_CHARACTERS}$`);

/** `.` and `..` alone: URLs resolve them as "this folder" and "the parent", so no client could address them. */
export const isDotSegment = (id: string) => id === "." || id === "..";

/** A valid event id: the charset, and not a dot segment. */
export const EVENT_ID_PATTERN = new RegExp(`^(?!\\.\\.?$)${ID_CHARACTERS}$`);

/** Length limits, in Unicode characters (code points), as JSON Schema counts them. */
export const TEXT_LIMITS = {
  title: { min: 1, max: 200 },
  description: { min: 1, max: 1000 },
  location: { min: 1, max: 200 },
  organizer: { min: 1, max: 100 },
} as const;
export type TextField = keyof typeof TEXT_LIMITS;

export const CAPACITY_LIMITS = { min: 1, max: 100_000 } as const;

/** Paging of lists. */
export const LIST_LIMITS = { min: 1, max: 1000, default: 100 } as const;

/** The statuses in which an event takes registrations. */
export const OPEN_STATUSES: readonly EventStatus[] = ["published", "active"];

/** C0/C1 control characters other than tab, line feed and carriage return. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why a text value breaks its field's rules, or undefined when it keeps them. */
export function textProblem(field: TextField, value: string): string | undefined {
  return textRuleProblem(TEXT_LIMITS[field], value);
}

/** Why a value breaks the text rule (length in code points, not blank, no control characters). */
export function textRuleProblem({ min, max }: { min: number; max: number }, value: string): string | undefined {
  if (!value.isWellFormed()) return "must be valid Unicode text";
  const length = [...value].length;
  if (length < min) return `must not be empty`;
  if (length > max) return `must be at most ${max} characters`;
  if (value.trim().length === 0) return "must not be blank";
  if (CONTROL_CHARACTERS.test(value)) return "must not contain control characters";
  return undefined;
}

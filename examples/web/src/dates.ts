/**
 * Event dates as people read and type them. The API keeps a calendar date
 * ("2030-05-01") apart from an instant ("2030-05-01T18:30:00Z"): a date is shown
 * as that day wherever the viewer is; an instant in the viewer's time zone.
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const isDateOnly = (value: string) => DATE_ONLY.test(value);

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeZone: "UTC" });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });

/** "Tuesday, 15 January 2030" or "Tuesday, 15 January 2030 at 19:30" in the viewer's locale and zone. */
export function formatEventDate(value: string): string {
  if (isDateOnly(value)) return dayFormat.format(new Date(`${value}T00:00:00Z`));
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instantFormat.format(instant);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The value of a `datetime-local` input (the viewer's local time) for an API date-time. */
export function toLocalInput(value: string): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return "";
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}T${pad(instant.getHours())}:${pad(instant.getMinutes())}`;
}

/** What the API gets from a `datetime-local` value: the instant in UTC ("" stays "", for the API to name). */
export function fromLocalInput(value: string): string {
  if (!value) return "";
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString().replace(/\.000Z$/, "Z");
}

/** True when two API dates name the same day or instant (so an untouched date is not sent again). */
export function sameEventDate(a: string, b: string): boolean {
  if (isDateOnly(a) || isDateOnly(b)) return a === b;
  return Date.parse(a) === Date.parse(b);
}

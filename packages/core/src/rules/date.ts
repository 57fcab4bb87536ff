/**
 * Event dates: ISO 8601 calendar dates or date-times, kept exactly as sent and
 * ordered by the instant they name. A calendar date is its midnight UTC; a
 * date-time without an offset is UTC.
 */

const DATE_FORMAT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The earliest and latest instants that keep a four-digit UTC year. */
const EARLIEST = utcMillis(0, 1, 1, 0, 0, 0, 0);
const LATEST = utcMillis(9999, 12, 31, 23, 59, 59, 999);

function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  // Date.UTC maps years 0-99 to 1900-1999, so set the full year separately.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/**
 * The instant an event date names, as a fixed-width UTC string with nanosecond
 * precision (`2024-12-15T16:30:00.000000000Z`), so that string order is time
 * order. Undefined when the value is not a real ISO 8601 date or date-time.
 */
export function instantKey(value: string): string | undefined {
  const m = DATE_FORMAT.exec(value);
  if (!m) return undefined;
  const [, ys, mos, ds, hs = "00", mis = "00", ss = "00", fraction = "", offset = "Z"] = m;
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;

  let offsetMinutes = 0;
  if (offset !== "Z") {
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (offset[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }

  const nanos = fraction.padEnd(9, "0");
  const millis = utcMillis(y, mo, d, h, mi, s, Number(nanos.slice(0, 3))) - offsetMinutes * 60_000;
  if (millis < EARLIEST || millis > LATEST) return undefined;
  return `${new Date(millis).toISOString().slice(0, 20)}${nanos}Z`;
}

export function isEventDate(value: string): boolean {
  return instantKey(value) !== undefined;
}

/** The sort position of an event in the date indexes: its instant, then its id. */
export const dateOrder = (date: string, eventId: string) => `${instantKey(date)!}#${eventId}`;

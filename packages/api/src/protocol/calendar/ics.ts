/**
 * Events as one RFC 5545 VCALENDAR, written by ical-generator (which escapes TEXT,
 * encodes parameters per RFC 6868 and folds lines at 75 octets on character boundaries).
 * Loaded on the first feed request only (index.ts's loadRenderer), so a cold start that serves no feed never
 * parses ical-generator: the Lambda bundle keeps it in a chunk of its own.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, escape, type ICalEventData } from "ical-generator";
import { instantKey, type EventStatus } from "@events/core";
import { DEFAULT_ORGANIZER_EMAIL, eventUid, type CalendarEvent, type CalendarOptions } from "./format.js";

const PRODUCT_ID = "//Events API//Events API//EN";
const DAY_MS = 86_400_000;
const LAST_DATE_MS = Date.UTC(9999, 11, 31);
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

// draft is not yet confirmed by its organizer; every other non-cancelled status is going ahead (or went ahead).
const STATUS: Record<EventStatus, ICalEventStatus> = {
  draft: ICalEventStatus.TENTATIVE,
  published: ICalEventStatus.CONFIRMED,
  active: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The whole feed, CRLF line endings included; the same events and options always give the same bytes. */
export function renderCalendar(events: readonly CalendarEvent[], options: CalendarOptions): string {
  const calendar = ical({
    // ical-generator writes the name unescaped, and NAME is a TEXT value.
    name: escape(options.name, false),
    prodId: PRODUCT_ID,
    method: ICalCalendarMethod.PUBLISH,
    scale: "gregorian",
  });
  for (const event of events) calendar.createEvent(vevent(event, options));
  // Every content line ends in CRLF (RFC 5545 §3.1), the last one too; ical-generator leaves it off.
  return `${calendar.toString()}\r\n`;
}

function vevent(event: CalendarEvent, options: CalendarOptions): ICalEventData {
  const updatedAt = new Date(event.updatedAt);
  return {
    id: eventUid(event.eventId),
    ...timing(event.date),
    summary: event.title,
    description: event.description,
    location: event.location,
    organizer: { name: event.organizer, email: options.organizerEmail ?? DEFAULT_ORGANIZER_EMAIL },
    // DTSTAMP from the content, not the clock, so the feed's bytes (and ETag) change only when an event does.
    stamp: updatedAt,
    lastModified: updatedAt,
    created: new Date(event.createdAt),
    sequence: event.version - 1,
    status: STATUS[event.status],
    url: options.baseUrl ? `${options.baseUrl.replace(/\/+$/, "")}/events/${event.eventId}` : null,
  };
}

/**
 * DTSTART (and DTEND for a calendar date). Events have no end: an all-day event gets the one day RFC 5545 gives
 * a bare DATE, written out because Exchange drops VEVENTs with neither DTEND nor DURATION; a date-time gets no DTEND,
 * since DTEND must be later than DTSTART and any value would invent a duration (RFC 5545 reads it as an instant).
 */
function timing(date: string): Pick<ICalEventData, "start" | "end" | "allDay"> {
  const instant = instantKey(date);
  if (instant === undefined) throw new RangeError(`Not an event date: ${date}`);
  // iCalendar date-times have whole seconds; instantKey is UTC with nanoseconds, so its first 19 characters are exact.
  const start = new Date(`${instant.slice(0, 19)}Z`);
  if (!CALENDAR_DATE.test(date)) return { start, allDay: false };
  const end = start.getTime() < LAST_DATE_MS ? new Date(start.getTime() + DAY_MS) : null;
  return { start, end, allDay: true };
}

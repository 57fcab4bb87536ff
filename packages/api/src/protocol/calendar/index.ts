export {
  CALENDAR_CONTENT_TYPE,
  DEFAULT_ORGANIZER_EMAIL,
  MAX_FEED_EVENTS,
  SECRET_FEED_PATH,
  UID_DOMAIN,
  eventUid,
  type CalendarEvent,
  type CalendarOptions,
} from "./format.js";
export { bodyEtag, isNotModified } from "./etag.js";

/** The iCalendar writer, imported on first use: ical-generator is parsed only by a process that serves a feed. */
export const loadRenderer = async () => (await import("./ics.js")).renderCalendar;

export {
  CALENDAR_CONTENT_TYPE,
  DEFAULT_ORGANIZER_EMAIL,
  MAX_FEED_EVENTS,
  UID_DOMAIN,
  eventUid,
  renderCalendar,
  type CalendarEvent,
  type CalendarOptions,
} from "./ics.js";
export { bodyEtag, isNotModified } from "./etag.js";

/**
 * What a feed is made of, without the writer (ics.ts, loaded lazily): its limits, content type, UIDs and the
 * fields a VEVENT is written from.
 */
import type { Event } from "@events/core";

/** The most events one feed holds: its worst case (every text field at its longest) stays under Lambda's 6 MB response. */
export const MAX_FEED_EVENTS = 500;

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

/** A person's feed at its secret address: the token is the credential. */
export const SECRET_FEED_PATH = "/calendars/{token}.ics";

/** Fixed, never derived from the request's host, so a UID never changes between renders or deployments' URLs. */
export const UID_DOMAIN = "events-api.invalid";

/**
 * ORGANIZER's value must be a URI and ical-generator writes only `mailto:` ones; events carry an organizer's
 * name, not an address, so the name goes in CN and the address is the operator's no-reply mailbox.
 * `.invalid` (RFC 2606) makes the default a valid address that can never deliver mail anywhere.
 */
export const DEFAULT_ORGANIZER_EMAIL = `noreply@${UID_DOMAIN}`;

/** The fields a VEVENT is written from; an `Event` with more fields is accepted and the rest ignored. */
export type CalendarEvent = Pick<
  Event,
  "eventId" | "title" | "description" | "date" | "location" | "organizer" | "status" | "createdAt" | "updatedAt" | "version"
>;

export interface CalendarOptions {
  /** The calendar's name, shown by calendar apps (NAME and X-WR-CALNAME). */
  name: string;
  /** The API's absolute base URL (`https://api.example.com`); when given, each event gets `URL:<base>/events/<eventId>`. */
  baseUrl?: string;
  /** The mailbox in ORGANIZER (`mailto:`); the organizer's name is its CN. */
  organizerEmail?: string;
}

export function eventUid(eventId: string): string {
  return `${eventId}@${UID_DOMAIN}`;
}

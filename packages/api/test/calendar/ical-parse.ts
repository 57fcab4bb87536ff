/** Reads a feed back with a third-party parser (ical.js), so the tests never rely on the writer's own view. */
import ICAL from "ical.js";

export function parseFeed(body: string): { calendar: ICAL.Component; events: ICAL.Component[] } {
  const calendar = new ICAL.Component(ICAL.parse(body) as unknown[]);
  return { calendar, events: calendar.getAllSubcomponents("vevent") };
}

export function text(component: ICAL.Component, property: string): string {
  const value = component.getFirstPropertyValue(property);
  if (typeof value !== "string") throw new Error(`${property} is not text: ${String(value)}`);
  return value;
}

export function integer(component: ICAL.Component, property: string): number {
  const value = component.getFirstPropertyValue(property);
  if (typeof value !== "number") throw new Error(`${property} is not an integer: ${String(value)}`);
  return value;
}

/** A DATE or DATE-TIME property: its value type, its value as ical.js prints it, and whether it is UTC. */
export function time(component: ICAL.Component, property: string): { type: string; value: string; utc: boolean } {
  const prop = component.getFirstProperty(property);
  const value = prop?.getFirstValue();
  if (!prop || !(value instanceof ICAL.Time)) throw new Error(`${property} is not a date or date-time`);
  return { type: prop.type, value: value.toString(), utc: value.zone === ICAL.Timezone.utcTimezone };
}

/** The iCalendar UTC form (`20241215T163000Z`) of an ISO timestamp, to the second. */
export function icalUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

export function byUid(events: ICAL.Component[]): Map<string, ICAL.Component> {
  return new Map(events.map((event) => [text(event, "uid"), event]));
}

/** A property ical.js does not know (X-WR-CALNAME, RFC 7986 NAME) read as TEXT: it leaves those unescaped. */
export function xText(component: ICAL.Component, property: string): string {
  const raw = component.getFirstPropertyValue(property);
  if (typeof raw !== "string") throw new Error(`${property} is missing`);
  return ICAL.design.icalendar.value.text!.fromICAL!(raw) as string;
}

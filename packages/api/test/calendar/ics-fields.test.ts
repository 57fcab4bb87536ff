import { describe, expect, it } from "vitest";
import { UID_DOMAIN, DEFAULT_ORGANIZER_EMAIL } from "../../src/protocol/calendar/index.js";
import { renderCalendar } from "../../src/protocol/calendar/ics.js";
import { byUid, icalUtc, integer, parseFeed, text, time, xText } from "./ical-parse.js";
import { storedEvent } from "./fixtures.js";

describe("the VCALENDAR", () => {
  it("carries VERSION, PRODID, CALSCALE, METHOD and the name (escaped) in NAME and X-WR-CALNAME", () => {
    const name = "Events, talks; meetups \\ 🎉\nand more";
    const { calendar, events } = parseFeed(renderCalendar([], { name }));
    expect(calendar.name).toBe("vcalendar");
    expect(text(calendar, "version")).toBe("2.0");
    expect(text(calendar, "prodid")).toBe("-//Events API//Events API//EN");
    expect(text(calendar, "calscale")).toBe("GREGORIAN");
    expect(text(calendar, "method")).toBe("PUBLISH");
    expect(xText(calendar, "x-wr-calname")).toBe(name);
    expect(xText(calendar, "name")).toBe(name);
    expect(events).toEqual([]);
  });
});

describe("each VEVENT, field by field against the event's JSON", () => {
  const events = [
    storedEvent(),
    storedEvent({
      eventId: "EVT.2_b~x",
      title: "Winter Gala",
      description: "Dinner and dancing",
      date: "2025-01-10",
      location: "Town Hall",
      organizer: "Friends of the Park",
      status: "active",
      createdAt: "2024-10-01T00:00:00.000Z",
      updatedAt: "2024-12-24T23:59:59.999Z",
      version: 7,
    }),
  ];
  const body = renderCalendar(events, { name: "Events", baseUrl: "https://api.example.com/" });
  const parsed = byUid(parseFeed(body).events);

  it("writes one VEVENT per event, in the order given", () => {
    expect([...parsed.keys()]).toEqual(events.map((event) => `${event.eventId}@${UID_DOMAIN}`));
  });

  it.each(events.map((event) => [event.eventId, event] as const))("%s", (_, event) => {
    const vevent = parsed.get(`${event.eventId}@${UID_DOMAIN}`)!;
    expect(text(vevent, "summary")).toBe(event.title);
    expect(text(vevent, "description")).toBe(event.description);
    expect(text(vevent, "location")).toBe(event.location);
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(organizer.getParameter("cn")).toBe(event.organizer);
    expect(organizer.getFirstValue()).toBe(`mailto:${DEFAULT_ORGANIZER_EMAIL}`);
    expect(time(vevent, "dtstamp")).toEqual({ type: "date-time", value: icalIso(event.updatedAt), utc: true });
    expect(time(vevent, "last-modified")).toEqual({ type: "date-time", value: icalIso(event.updatedAt), utc: true });
    expect(time(vevent, "created")).toEqual({ type: "date-time", value: icalIso(event.createdAt), utc: true });
    expect(integer(vevent, "sequence")).toBe(event.version - 1);
    expect(text(vevent, "status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("url")).toBe(`https://api.example.com/events/${event.eventId}`);
  });

  it("writes the timestamps in UTC to the second", () => {
    expect(body).toContain(`\r\nDTSTAMP:${icalUtc("2024-12-24T23:59:59.999Z").replace(/[-:]/g, "")}\r\n`);
    expect(body).toContain("\r\nLAST-MODIFIED:20241102T101530Z\r\n");
    expect(body).toContain("\r\nCREATED:20241001T000000Z\r\n");
  });

  it("uses the organizer mailbox it is given, and leaves URL out without a base URL", () => {
    const [vevent] = parseFeed(renderCalendar([storedEvent()], { name: "E", organizerEmail: "events@example.org" })).events;
    expect(vevent!.getFirstProperty("organizer")!.getFirstValue()).toBe("mailto:events@example.org");
    expect(vevent!.getFirstProperty("url")).toBeNull();
  });
});

describe("STATUS", () => {
  it.each([
    ["cancelled", "CANCELLED"],
    ["draft", "TENTATIVE"],
    ["published", "CONFIRMED"],
    ["active", "CONFIRMED"],
    ["completed", "CONFIRMED"],
  ] as const)("%s → %s", (status, expected) => {
    const body = renderCalendar([storedEvent({ status })], { name: "E" });
    expect(text(parseFeed(body).events[0]!, "status")).toBe(expected);
    expect(body).toContain(`\r\nSTATUS:${expected}\r\n`);
  });
});

describe("DTSTART (and DTEND) across time zones", () => {
  const cases = [
    // [event date, DTSTART as written, ical.js value, type]
    ["2024-12-15", "DTSTART;VALUE=DATE:20241215", "2024-12-15", "date"],
    ["2024-02-29", "DTSTART;VALUE=DATE:20240229", "2024-02-29", "date"],
    ["2024-12-15T18:30:00Z", "DTSTART:20241215T183000Z", "2024-12-15T18:30:00Z", "date-time"],
    ["2024-12-15T18:30:00+02:00", "DTSTART:20241215T163000Z", "2024-12-15T16:30:00Z", "date-time"],
    ["2024-12-15T18:30:00-09:30", "DTSTART:20241216T040000Z", "2024-12-16T04:00:00Z", "date-time"],
    ["2025-01-01T00:15:00+00:30", "DTSTART:20241231T234500Z", "2024-12-31T23:45:00Z", "date-time"],
    ["2024-12-15T12:00:00+14:00", "DTSTART:20241214T220000Z", "2024-12-14T22:00:00Z", "date-time"],
    // no offset: read as UTC, as the contract says (never as the server's local time)
    ["2024-12-15T18:30:00", "DTSTART:20241215T183000Z", "2024-12-15T18:30:00Z", "date-time"],
    ["2024-12-15T18:30", "DTSTART:20241215T183000Z", "2024-12-15T18:30:00Z", "date-time"],
    // iCalendar has whole seconds: fractions are dropped, never rounded into the next second
    ["2024-12-15T18:30:59.999999999+01:00", "DTSTART:20241215T173059Z", "2024-12-15T17:30:59Z", "date-time"],
  ] as const;

  it.each(cases)("%s → %s", (date, line, value, type) => {
    const body = renderCalendar([storedEvent({ date })], { name: "E" });
    expect(body).toContain(`\r\n${line}\r\n`);
    const vevent = parseFeed(body).events[0]!;
    expect(time(vevent, "dtstart")).toEqual({ type, value, utc: type === "date-time" });
  });

  it("gives a calendar date the one day RFC 5545 gives it, as DTEND;VALUE=DATE of the next day", () => {
    const body = renderCalendar([storedEvent({ date: "2024-12-31" })], { name: "E" });
    expect(body).toContain("\r\nDTEND;VALUE=DATE:20250101\r\n");
    expect(time(parseFeed(body).events[0]!, "dtend")).toEqual({ type: "date", value: "2025-01-01", utc: false });
  });

  it("gives the last representable date no DTEND (its next day has five digits), which still means one day", () => {
    const body = renderCalendar([storedEvent({ date: "9999-12-31" })], { name: "E" });
    expect(body).toContain("\r\nDTSTART;VALUE=DATE:99991231\r\n");
    expect(body).not.toContain("DTEND");
  });

  it("gives a date-time neither DTEND nor DURATION (the event has no end)", () => {
    const body = renderCalendar([storedEvent({ date: "2024-12-15T18:30:00+02:00" })], { name: "E" });
    expect(body).not.toMatch(/^(DTEND|DURATION)[;:]/m);
  });
});

/** ical.js prints a UTC date-time as `2024-11-02T10:15:30Z`. */
function icalIso(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

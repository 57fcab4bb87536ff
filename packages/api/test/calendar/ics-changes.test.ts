import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDynamoClient, createServices, ensureTable, type Event, type EventService, SERVICE } from "@events/core";
import { startTestStore, type RunningStore } from "@events/local-store";
import { bodyEtag, eventUid, isNotModified, MAX_FEED_EVENTS } from "../../src/protocol/calendar/index.js";
import { renderCalendar } from "../../src/protocol/calendar/ics.js";
import { byUid, icalUtc, integer, parseFeed, text } from "./ical-parse.js";
import { storedEvent } from "./fixtures.js";

// Events as the core stores and returns them (real versions and timestamps), on a real store.
let store: RunningStore;
let client: ReturnType<typeof createDynamoClient>;
let events: EventService;

beforeAll(async () => {
  store = await startTestStore();
  client = createDynamoClient({ endpoint: store.endpoint });
  await ensureTable(client, "Events");
  events = createServices({ client, tableName: "Events" }).events;
});
afterAll(async () => {
  client.destroy();
  await store?.close();
});

const input = (eventId: string) => ({
  eventId,
  title: `Meetup ${eventId}`,
  description: "Talks, pizza; questions",
  date: "2025-03-01T18:00:00+01:00",
  location: "Berlin",
  capacity: 50,
  organizer: "Dev Community",
  status: "published" as const,
});

const feed = (list: Event[]) => renderCalendar(list, { name: "Events", baseUrl: "http://127.0.0.1:8000" });

describe("a feed over time", () => {
  it("gives the same bytes and ETag for the same events, whatever the clock says", async () => {
    const list = [await events.create(input("same-1"), SERVICE), await events.create(input("same-2"), SERVICE)];
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    try {
      const first = feed(list);
      vi.setSystemTime(new Date("2031-06-01T12:34:56Z"));
      const second = feed(list);
      expect(second).toBe(first);
      expect(bodyEtag(second)).toBe(bodyEtag(first));
      expect(first).not.toContain("2030");
      expect(first).not.toContain("2031");
    } finally {
      vi.useRealTimers();
    }
  });

  it("after an update: same UID, a higher SEQUENCE, DTSTAMP and LAST-MODIFIED from the new updatedAt, a new ETag", async () => {
    const created = await events.create(input("upd-1"), SERVICE);
    const before = feed([created]);
    const updated = await events.update("upd-1", { title: "Meetup, moved", date: "2025-03-02" }, SERVICE);
    expect(updated.version).toBe(created.version + 1);
    const after = feed([updated]);

    const [was] = parseFeed(before).events;
    const [now] = parseFeed(after).events;
    expect(text(now!, "uid")).toBe(text(was!, "uid"));
    expect(text(now!, "uid")).toBe(eventUid("upd-1"));
    expect(integer(was!, "sequence")).toBe(0);
    expect(integer(now!, "sequence")).toBe(1);
    expect(text(now!, "summary")).toBe("Meetup, moved");
    expect(after).toContain(`\r\nDTSTAMP:${compact(icalUtc(updated.updatedAt))}\r\n`);
    expect(after).toContain(`\r\nLAST-MODIFIED:${compact(icalUtc(updated.updatedAt))}\r\n`);
    expect(after).toContain(`\r\nCREATED:${compact(icalUtc(created.createdAt))}\r\n`);
    expect(bodyEtag(after)).not.toBe(bodyEtag(before));
    // A calendar app polling with the old tag gets the new feed, and with the new tag a 304.
    expect(isNotModified(bodyEtag(before), bodyEtag(after))).toBe(false);
    expect(isNotModified(bodyEtag(after), bodyEtag(after))).toBe(true);
  });

  it("a cancelled event stays in the feed, as STATUS:CANCELLED with its UID", async () => {
    await events.create(input("cancel-1"), SERVICE);
    const cancelled = await events.update("cancel-1", { status: "cancelled" }, SERVICE);
    const vevent = byUid(parseFeed(feed([cancelled])).events).get(eventUid("cancel-1"))!;
    expect(text(vevent, "status")).toBe("CANCELLED");
    expect(integer(vevent, "sequence")).toBe(cancelled.version - 1);
  });

  it("every event the core lists appears field by field", async () => {
    const page = await events.list({ status: "published", limit: 1000 }, SERVICE);
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    const parsed = byUid(parseFeed(feed(page.items)).events);
    expect(parsed.size).toBe(page.items.length);
    for (const event of page.items) {
      const vevent = parsed.get(eventUid(event.eventId))!;
      expect(text(vevent, "summary")).toBe(event.title);
      expect(text(vevent, "description")).toBe(event.description);
      expect(text(vevent, "location")).toBe(event.location);
      expect(vevent.getFirstProperty("organizer")!.getParameter("cn")).toBe(event.organizer);
      expect(integer(vevent, "sequence")).toBe(event.version - 1);
      expect(vevent.getFirstPropertyValue("url")).toBe(`http://127.0.0.1:8000/events/${event.eventId}`);
    }
  });
});

describe("MAX_FEED_EVENTS", () => {
  it("keeps the largest possible feed under Lambda's 6 MB response, as JSON text or as base64", () => {
    // Every field at its longest, in 4-byte characters or in backslashes (2 bytes in the feed, 4 in JSON).
    // Worst-case events all have the same size, so a feed's size is linear in their count: measure two, extrapolate.
    const worst = (i: number) =>
      storedEvent({
        eventId: `${"e".repeat(120)}${String(i).padStart(8, "0")}`,
        title: i % 2 ? "🎉".repeat(200) : "\\".repeat(200),
        description: i % 2 ? "🎉".repeat(1000) : "\\".repeat(1000),
        location: i % 2 ? "🎉".repeat(200) : "\\".repeat(200),
        organizer: i % 2 ? "🎉".repeat(100) : '"'.repeat(100),
        version: 1_000_000,
      });
    const sizes = [2, 4].map((count) => {
      const body = renderCalendar(Array.from({ length: count }, (_, i) => worst(i)), {
        name: "Events",
        baseUrl: `https://${"h".repeat(200)}.example.com`,
      });
      return { json: Buffer.byteLength(JSON.stringify(body)), base64: (Buffer.byteLength(body) * 4) / 3 };
    });
    const lambdaLimit = 6 * 1024 * 1024;
    for (const kind of ["json", "base64"] as const) {
      const perPair = sizes[1]![kind] - sizes[0]![kind];
      const largest = sizes[0]![kind] + ((MAX_FEED_EVENTS - 2) / 2) * perPair;
      expect(largest).toBeLessThan(lambdaLimit);
    }
  });
});

function compact(ical: string): string {
  return ical.replace(/[-:]/g, "");
}

import type { Event } from "@events/core";

/** A stored event as the core returns it, with one field the feed does not know (it must be ignored). */
export function storedEvent(overrides: Partial<Event> = {}): Event {
  const event = {
    eventId: "evt-1",
    title: "Tech Conference 2024",
    description: "Annual technology conference",
    date: "2024-12-15T18:30:00Z",
    location: "San Francisco, CA",
    capacity: 500,
    organizer: "Tech Corp",
    status: "published",
    createdAt: "2024-11-01T09:00:00.000Z",
    updatedAt: "2024-11-02T10:15:30.250Z",
    version: 1,
    registeredCount: 3,
    ...overrides,
  };
  return event as Event;
}

import type { Event } from "./api.js";
import { formatEventDate } from "./dates.js";

/** What anyone may read about an event: when, where, and how many places are left. */
export function EventSummary({ event }: { event: Event }) {
  const placesLeft = Math.max(0, event.capacity - event.registeredCount);
  return (
    <article className="event-summary" aria-label="Event">
      <h2>
        {event.title} <span className={`badge ${event.status}`}>{event.status}</span>
      </h2>
      <p>
        <time dateTime={event.date}>{formatEventDate(event.date)}</time> · {event.location}
      </p>
      {event.description && <p>{event.description}</p>}
      <p className="muted">Organized by {event.organizer}</p>
      <p className="counts" aria-label="Places">
        <span data-count="places-left">{placesLeft}</span> of <span data-count="capacity">{event.capacity}</span> places left ·{" "}
        <span data-count="registered">{event.registeredCount}</span> registered ·{" "}
        <span data-count="waitlist">{event.waitlistCount}</span> on the waitlist
        {!event.waitlistEnabled && " (no waitlist)"}
      </p>
    </article>
  );
}

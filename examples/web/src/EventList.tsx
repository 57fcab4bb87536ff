import { useEffect, useRef } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { eventListQuery, STATUSES, type EventStatus } from "./api.js";
import { formatEventDate } from "./dates.js";
import { ErrorMessage } from "./ErrorMessage.js";

interface Props {
  /** Set: that person's own events (drafts included for themselves); unset: every public event. */
  owner?: string | undefined;
  status: EventStatus | undefined;
  onStatusChange(status: EventStatus | undefined): void;
  selectedId: string | undefined;
  onSelect(eventId: string): void;
}

/** The events by date, a page at a time: the next page loads when the end of the list scrolls into view. */
export function EventList({ owner, status, onStatusChange, selectedId, onSelect }: Props) {
  const { data, error, isPending, hasNextPage, isFetchingNextPage, fetchNextPage } = useInfiniteQuery(eventListQuery(status, owner));
  const events = data?.pages.flatMap((page) => page.items) ?? [];

  // The sentinel below the list: seen (or nearly) means "load the next page".
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || isFetchingNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void fetchNextPage();
    }, { rootMargin: "100px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className="list" aria-label={owner ? "My events" : "Events"}>
      {!owner && <label className="filter">
        Filter by status{" "}
        <select value={status ?? ""} onChange={(e) => onStatusChange((e.target.value || undefined) as EventStatus | undefined)}>
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      </label>}
      {isPending && <p className="muted">Loading…</p>}
      {error && <ErrorMessage error={error} />}
      {data && events.length === 0 && <p className="muted">No events.</p>}
      <ul className="events">
        {events.map((event) => (
          <li key={event.eventId}>
            <button
              type="button"
              className={`event-card${event.eventId === selectedId ? " selected" : ""}`}
              onClick={() => onSelect(event.eventId)}
            >
              <span className="event-title">{event.title}</span>
              <span className={`badge ${event.status}`}>{event.status}</span>
              <span className="event-meta">
                {formatEventDate(event.date)} · {event.location} · {event.registeredCount}/{event.capacity} registered
                {event.waitlistCount > 0 && ` · ${event.waitlistCount} waiting`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="sentinel">
        {hasNextPage && (
          // The fallback when the observer does not fire (or is not wanted): a plain button.
          <button type="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? "Loading more…" : "Load more"}
          </button>
        )}
        {data && !hasNextPage && events.length > 0 && (
          <p className="muted">{events.length === 1 ? "1 event" : `${events.length} events`}: the end of the list.</p>
        )}
      </div>
    </section>
  );
}

import { useInfiniteQuery } from "@tanstack/react-query";
import { myRegistrationsQuery } from "./api.js";
import { CalendarAddress } from "./CalendarAddress.js";
import { formatEventDate } from "./dates.js";
import { ErrorMessage } from "./ErrorMessage.js";
import { LoadMore } from "./LoadMore.js";
import type { Me } from "./me.js";

/** The signed-in person's registrations by date, with their place in line, and their private calendar address. */
export function MyRegistrations({ me, onSelect }: { me: Me; onSelect(eventId: string): void }) {
  const list = useInfiniteQuery(myRegistrationsQuery(me.userId));
  const { data, error, isPending } = list;
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="list" aria-label="My registrations">
      <h2>My registrations</h2>
      {isPending && <p className="muted">Loading…</p>}
      {error && <ErrorMessage error={error} />}
      {data && items.length === 0 && <p className="muted">No registrations yet.</p>}
      <ul className="events">
        {items.map((r) => (
          <li key={r.eventId}>
            <button type="button" className="event-card" onClick={() => onSelect(r.eventId)}>
              <span className="event-title">{r.event.title}</span>
              <span className={`badge ${r.status}`}>{r.status === "waitlisted" ? `waitlist #${r.position}` : "registered"}</span>
              <span className="event-meta">{formatEventDate(r.event.date)}</span>
            </button>
          </li>
        ))}
      </ul>
      <LoadMore list={list} />
      <CalendarAddress me={me} />
    </section>
  );
}

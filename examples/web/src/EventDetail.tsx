import { useQuery } from "@tanstack/react-query";
import { errorDetail, eventQuery } from "./api.js";
import { EventForm } from "./EventForm.js";
import { Registrations } from "./Registrations.js";

/** One event: its edit form beside its registrations and waitlist. */
export function EventDetail({ eventId }: { eventId: string }) {
  const { data: event, error } = useQuery(eventQuery(eventId));
  if (error) return <p className="error" role="alert">{errorDetail(error)}</p>;
  if (!event) return <p className="muted">Loading…</p>;
  return (
    <div className="detail">
      <EventForm event={event} />
      <Registrations event={event} />
    </div>
  );
}

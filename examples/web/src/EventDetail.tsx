import { useQuery } from "@tanstack/react-query";
import { eventQuery } from "./api.js";
import { AttendeeActions } from "./AttendeeActions.js";
import { ErrorMessage } from "./ErrorMessage.js";
import { EventForm } from "./EventForm.js";
import { EventSummary } from "./EventSummary.js";
import type { Me } from "./me.js";
import { PublishButton } from "./PublishButton.js";
import { Registrations } from "./Registrations.js";

/** One event's page: what it is and its places for everyone; the edit form and the roster for its organizer only. */
export function EventDetail({ eventId, me }: { eventId: string; me: Me | undefined }) {
  const { data: event, error } = useQuery(eventQuery(eventId));
  if (error) return <ErrorMessage error={error} />;
  if (!event) return <p className="muted">Loading…</p>;
  const isOrganizer = me !== undefined && event.ownerId === me.userId;
  return (
    <div className="detail">
      <div className="event-page">
        <EventSummary event={event} />
        {me ? <AttendeeActions event={event} me={me} /> : <p className="muted">Sign in to take a place.</p>}
        {isOrganizer && <PublishButton event={event} />}
      </div>
      {isOrganizer && (
        <div className="organizer">
          <EventForm event={event} />
          <Registrations event={event} />
        </div>
      )}
    </div>
  );
}

import { useQuery } from "@tanstack/react-query";
import { myPlaceQuery, useCancelRegistration, useRegister, type Event } from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";
import type { Me } from "./me.js";

/** The signed-in person's place at this event: Register (themselves, with the name and e-mail of their ID token), or Cancel. */
export function AttendeeActions({ event, me }: { event: Event; me: Me }) {
  const mine = useQuery(myPlaceQuery(event.eventId, me.userId));
  const register = useRegister(event.eventId);
  const cancel = useCancelRegistration(event.eventId);
  const registration = mine.data;
  const failure = register.error ?? cancel.error ?? mine.error;
  const busy = register.isPending || cancel.isPending || mine.isPending;

  return (
    <section className="my-place" aria-label="My place">
      {registration?.status === "registered" && <p className="ok" role="status">You have a place.</p>}
      {registration?.status === "waitlisted" && (
        <p className="ok" role="status">You are on the waitlist: #{registration.position}.</p>
      )}
      {registration ? (
        <button type="button" disabled={busy} onClick={() => { register.reset(); cancel.mutate(me.userId); }}>
          Cancel my registration
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => { cancel.reset(); register.mutate(me.contact); }}>
          Register
        </button>
      )}
      {failure && <ErrorMessage error={failure} />}
    </section>
  );
}

import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { registrationsQuery, useCancelRegistration, useRegister, type Event } from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";
import { LoadMore } from "./LoadMore.js";

/**
 * The organizer's roster: who has a place and who waits (names and e-mails), a register form, and a
 * cancel button per person; a page at a time, as the API returns them (registered first, then the line).
 */
export function Registrations({ event }: { event: Event }) {
  const list = useInfiniteQuery(registrationsQuery(event.eventId));
  const { data, error } = list;
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  const register = useRegister(event.eventId);
  const cancel = useCancelRegistration(event.eventId);
  const [userId, setUserId] = useState("");

  const registered = items.filter((r) => r.status === "registered");
  const waitlisted = items.filter((r) => r.status === "waitlisted");
  // Not on the pages read so far is not "nobody": the rest may be on the next page.
  const none = (nobody: string) => (list.hasNextPage ? "None on the pages shown so far." : nobody);
  const failure = register.error ?? cancel.error ?? error;
  const cancelOne = (id: string) => {
    register.reset();
    cancel.mutate(id);
  };

  return (
    <section className="registrations" aria-label="Registrations">
      <h2>Roster</h2>
      <form
        className="register"
        onSubmit={(e) => {
          e.preventDefault();
          cancel.reset();
          register.mutate({ userId: userId.trim() }, { onSuccess: () => setUserId("") });
        }}
      >
        <label>
          Register someone (user id) <input value={userId} onChange={(e) => setUserId(e.target.value)} />
        </label>
        <button type="submit" disabled={register.isPending || !userId.trim()}>Register</button>
      </form>
      {failure && <ErrorMessage error={failure} action="see or change who registered" />}
      <h3>Registered</h3>
      <People label="Registered" list={registered} empty={none("Nobody yet.")} onCancel={cancelOne} busy={cancel.isPending} />
      <h3>Waitlist</h3>
      <People label="Waitlist" list={waitlisted} empty={none("Nobody waiting.")} onCancel={cancelOne} busy={cancel.isPending} />
      {list.hasNextPage && (
        <p className="muted">
          Showing {items.length} of {event.registeredCount + event.waitlistCount}.
        </p>
      )}
      <LoadMore list={list} />
    </section>
  );
}

interface PeopleProps {
  label: string;
  list: { userId: string; name?: string | undefined; email?: string | undefined; position?: number | undefined }[];
  empty: string;
  onCancel(userId: string): void;
  busy: boolean;
}

function People({ label, list, empty, onCancel, busy }: PeopleProps) {
  if (list.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="people" aria-label={label}>
      {list.map(({ userId, name, email, position }) => (
        <li key={userId}>
          {position !== undefined && <span className="position">#{position}</span>}
          <span className="user">{userId}</span>
          {name && <span className="muted"> ({name})</span>}
          {email && <span className="muted"> {email}</span>}
          <button type="button" disabled={busy} onClick={() => onCancel(userId)} aria-label={`Cancel ${userId}`}>
            Cancel
          </button>
        </li>
      ))}
    </ol>
  );
}

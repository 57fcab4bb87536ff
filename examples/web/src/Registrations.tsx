import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { registrationsQuery, useCancelRegistration, useRegister, type Event } from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";

/** The organizer's roster: who has a place and who waits (names and e-mails), a register form, and a cancel button per person. */
export function Registrations({ event }: { event: Event }) {
  const { data, error } = useQuery(registrationsQuery(event.eventId));
  const register = useRegister(event.eventId);
  const cancel = useCancelRegistration(event.eventId);
  const [userId, setUserId] = useState("");

  const registered = data?.items.filter((r) => r.status === "registered") ?? [];
  const waitlisted = data?.items.filter((r) => r.status === "waitlisted") ?? [];
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
      <People label="Registered" list={registered} empty="Nobody yet." onCancel={cancelOne} busy={cancel.isPending} />
      <h3>Waitlist</h3>
      <People label="Waitlist" list={waitlisted} empty="Nobody waiting." onCancel={cancelOne} busy={cancel.isPending} />
      {data?.nextCursor && <p className="muted">Showing the first {data.items.length}.</p>}
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

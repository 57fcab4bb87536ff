import { useEffect, useId, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import {
  eventQuery,
  fieldErrors,
  isStale,
  STATUSES,
  useCreateEvent,
  useUpdateEvent,
  type Event,
  type EventChanges,
  type EventStatus,
} from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";
import { fromLocalInput, isDateOnly, sameEventDate, toLocalInput } from "./dates.js";

/** The form's fields, as typed (capacity is text until it is sent). */
interface Values {
  eventId: string;
  title: string;
  description: string;
  /** The picker's value: `YYYY-MM-DD` for an all-day event, else a local `YYYY-MM-DDTHH:mm`. */
  date: string;
  allDay: boolean;
  location: string;
  capacity: string;
  organizer: string;
  status: EventStatus;
  waitlistEnabled: boolean;
}

const EMPTY: Values = {
  eventId: "",
  title: "",
  description: "",
  date: "",
  allDay: false,
  location: "",
  capacity: "",
  organizer: "",
  status: "draft",
  waitlistEnabled: false,
};

const valuesOf = (event: Event): Values => ({
  eventId: event.eventId,
  title: event.title,
  description: event.description,
  date: isDateOnly(event.date) ? event.date : toLocalInput(event.date),
  allDay: isDateOnly(event.date),
  location: event.location,
  capacity: String(event.capacity),
  organizer: event.organizer,
  status: event.status,
  waitlistEnabled: event.waitlistEnabled,
});

/** What is sent: the API checks it and names every invalid field (no checks of our own to drift from its rules). */
function toInput({ eventId, capacity, date, allDay, ...rest }: Values) {
  // A calendar date stays a date; a local date and time is sent as its instant in UTC.
  return { ...rest, date: allDay ? date : fromLocalInput(date), capacity: capacity.trim() === "" ? Number.NaN : Number(capacity), ...(eventId ? { eventId } : {}) };
}

/** Only the fields that differ from the version the form was loaded from. */
function changesFrom(base: Event, values: Values): EventChanges {
  const { eventId: _, ...next } = toInput(values);
  return Object.fromEntries(Object.entries(next).filter(([field, value]) =>
    field === "date" ? !sameEventDate(base.date, String(value)) : base[field as keyof Event] !== value,
  ));
}

interface Props {
  /** The event to edit (its latest read); absent: a new event. */
  event?: Event;
  onSaved?(event: Event): void;
}

/** Create or edit an event. An edit is saved only if nobody changed the event since the form was loaded. */
export function EventForm({ event, onSaved }: Props) {
  const queryClient = useQueryClient();
  const create = useCreateEvent();
  const update = useUpdateEvent();
  const write = event ? update : create;

  // `base`: the version being edited. It follows the latest read until the first keystroke, then stays.
  const [base, setBase] = useState(event);
  const [values, setValues] = useState(event ? valuesOf(event) : EMPTY);
  const [saved, setSaved] = useState(false);
  const dirty = base ? Object.keys(changesFrom(base, values)).length > 0 : true;
  useEffect(() => {
    if (event && !dirty) {
      setBase(event);
      setValues(valuesOf(event));
    }
    // Only a new read resets the form; the user's own edits never do.
  }, [event]);

  const errors = fieldErrors(write.error);
  const stale = isStale(write.error);
  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setSaved(false);
  };

  const submit = async () => {
    const result = base
      ? await update.mutateAsync({ current: base, changes: changesFrom(base, values) }).catch(() => undefined)
      : await create.mutateAsync(toInput(values)).catch(() => undefined);
    if (!result) return; // the error is shown from the mutation's state
    setBase(result);
    setValues(valuesOf(result));
    setSaved(true);
    onSaved?.(result);
  };

  /** After a 412: the event as it is now, in the form (the edits are dropped). */
  const reload = async () => {
    if (!base) return;
    const latest = await queryClient.fetchQuery({ ...eventQuery(base.eventId), staleTime: 0 });
    setBase(latest);
    setValues(valuesOf(latest));
    update.reset();
  };

  const field = (name: keyof Values, label: string, input: (id: string, describedBy: string) => ReactNode) => (
    <Field label={label} error={errors[name]}>{input}</Field>
  );
  const text = (name: "eventId" | "title" | "description" | "location" | "capacity" | "organizer", label: string, hint?: string) =>
    field(name, label, (id, describedBy) => (
      <input
        id={id}
        aria-describedby={describedBy}
        aria-invalid={errors[name] ? true : undefined}
        inputMode={name === "capacity" ? "numeric" : undefined}
        placeholder={hint}
        value={values[name]}
        onChange={(e) => set(name, e.target.value)}
      />
    ));

  return (
    <form
      className="event-form"
      aria-label={event ? "Edit event" : "New event"}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{event ? "Edit event" : "New event"}</h2>
      {stale && (
        <div className="notice conflict" role="alert">
          <p>Someone changed this event since you opened it, so your changes were not saved.</p>
          <button type="button" onClick={() => void reload()}>Reload the event</button>
        </div>
      )}
      {write.error && !stale && (Object.keys(errors).length > 0
        ? <p className="error" role="alert">Please correct the fields marked below.</p>
        : <ErrorMessage error={write.error} action="change this event" />)}
      {saved && !write.error && <p className="ok" role="status">Saved (version {base?.version}).</p>}
      {!event && text("eventId", "Event id (optional)", "generated when empty")}
      {text("title", "Title")}
      {text("description", "Description")}
      {field("date", "Date", (id, describedBy) => (
        <input
          id={id}
          type={values.allDay ? "date" : "datetime-local"}
          aria-describedby={describedBy}
          aria-invalid={errors.date ? true : undefined}
          value={values.date}
          onChange={(e) => set("date", e.target.value)}
        />
      ))}
      {field("allDay", "All day", (id, describedBy) => (
        <input
          id={id}
          type="checkbox"
          aria-describedby={describedBy}
          checked={values.allDay}
          // Keep the day when switching: the date part of the picker's value.
          onChange={(e) => setValues((current) => ({ ...current, allDay: e.target.checked, date: e.target.checked ? current.date.slice(0, 10) : current.date ? `${current.date.slice(0, 10)}T18:00` : "" }))}
        />
      ))}
      {text("location", "Location")}
      {text("capacity", "Capacity")}
      {text("organizer", "Organizer")}
      {field("status", "Status", (id, describedBy) => (
        <select id={id} aria-describedby={describedBy} value={values.status} onChange={(e) => set("status", e.target.value as EventStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
      ))}
      {field("waitlistEnabled", "Waitlist when full", (id, describedBy) => (
        <input
          id={id}
          type="checkbox"
          aria-describedby={describedBy}
          checked={values.waitlistEnabled}
          onChange={(e) => set("waitlistEnabled", e.target.checked)}
        />
      ))}
      <button type="submit" disabled={write.isPending || (event && !dirty)}>
        {write.isPending ? "Saving…" : event ? "Save" : "Create event"}
      </button>
    </form>
  );
}

/** A label, its input, and the API's message about it right beside it. */
function Field({ label, error, children }: { label: string; error: string | undefined; children: (id: string, describedBy: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, `${id}-error`)}
      <span className="field-error" id={`${id}-error`}>{error}</span>
    </div>
  );
}

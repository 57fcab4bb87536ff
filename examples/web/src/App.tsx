import { useState } from "react";
import type { EventStatus } from "./api.js";
import { EventDetail } from "./EventDetail.js";
import { EventForm } from "./EventForm.js";
import { EventList } from "./EventList.js";

/** What the right-hand panel shows: nothing, the create form, or one event. */
type Panel = { kind: "none" } | { kind: "new" } | { kind: "event"; eventId: string };

export function App() {
  const [status, setStatus] = useState<EventStatus | undefined>(undefined);
  const [panel, setPanel] = useState<Panel>({ kind: "none" });

  return (
    <>
      <header className="top">
        <h1>Events: organizer</h1>
        <button type="button" onClick={() => setPanel({ kind: "new" })}>
          New event
        </button>
      </header>
      <main className="layout">
        <EventList
          status={status}
          onStatusChange={setStatus}
          selectedId={panel.kind === "event" ? panel.eventId : undefined}
          onSelect={(eventId) => setPanel({ kind: "event", eventId })}
        />
        <section className="panel">
          {panel.kind === "none" && <p className="muted">Pick an event, or create one.</p>}
          {panel.kind === "new" && (
            <EventForm key="new" onSaved={(event) => setPanel({ kind: "event", eventId: event.eventId })} />
          )}
          {panel.kind === "event" && <EventDetail key={panel.eventId} eventId={panel.eventId} />}
        </section>
      </main>
    </>
  );
}

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { EventStatus } from "./api.js";
import { signIn, signOut, userManager } from "./auth.js";
import { EventDetail } from "./EventDetail.js";
import { EventForm } from "./EventForm.js";
import { EventList } from "./EventList.js";
import { MyRegistrations } from "./MyRegistrations.js";
import { PageErrorBoundary } from "./PageErrorBoundary.js";
import { useSignedInUser } from "./useAuth.js";
import { meFrom, type Me } from "./me.js";

/** What the right-hand panel shows: nothing, the create form, or one event. */
type Panel = { kind: "none" } | { kind: "new" } | { kind: "event"; eventId: string };
/** The left-hand list: every published event, the person's own events, or their registrations. */
type View = "all" | "owned" | "registrations";

export function App({ signInError }: { signInError?: unknown }) {
  const user = useSignedInUser();
  const me: Me | undefined = user ? meFrom(user.profile) : undefined;
  const [status, setStatus] = useState<EventStatus | undefined>(undefined);
  const [panel, setPanel] = useState<Panel>({ kind: "none" });
  const [view, setView] = useState<View>("all");
  // A sign-in that could not start (the issuer unreachable, say), shown rather than lost.
  const [authError, setAuthError] = useState<unknown>(signInError);
  const queryClient = useQueryClient();
  // What the API shows depends on who asks: a new person starts from a fresh cache.
  useEffect(() => {
    void queryClient.resetQueries();
  }, [me?.userId]);
  const open = (eventId: string) => setPanel({ kind: "event", eventId });
  const home = () => {
    setView("all");
    setPanel({ kind: "none" });
  };

  return (
    <>
      <header className="top">
        <h1>Events</h1>
        <nav aria-label="Views">
          <ViewButton current={view} value="all" onSelect={setView}>Events</ViewButton>
          {me && <ViewButton current={view} value="registrations" onSelect={setView}>My registrations</ViewButton>}
          {me && <ViewButton current={view} value="owned" onSelect={setView}>My events</ViewButton>}
        </nav>
        {me && (
          <button type="button" onClick={() => setPanel({ kind: "new" })}>
            New event
          </button>
        )}
        <div className="account">
          {me && <span className="signed-in">Signed in as <strong>{me.name}</strong></span>}
          {me && <button type="button" onClick={() => void signOut()}>Sign out</button>}
          {user === null && userManager && <button type="button" onClick={() => void signIn()?.catch(setAuthError)}>Sign in</button>}
        </div>
      </header>
      {authError !== undefined && (
        <p className="error" role="alert">Sign-in did not complete: {authError instanceof Error ? authError.message : String(authError)}</p>
      )}
      <main className="layout">
        <PageErrorBoundary onHome={home} page={`${view} ${panel.kind === "event" ? panel.eventId : panel.kind}`}>
          {view === "registrations" && me ? (
            <MyRegistrations me={me} onSelect={open} />
          ) : (
            <EventList
              owner={view === "owned" ? me?.userId : undefined}
              status={status}
              onStatusChange={setStatus}
              selectedId={panel.kind === "event" ? panel.eventId : undefined}
              onSelect={open}
            />
          )}
          <section className="panel" aria-label="Details">
            {panel.kind === "none" && <p className="muted">Pick an event{me ? ", or create one" : ""}.</p>}
            {panel.kind === "new" && me && <EventForm key="new" onSaved={(event) => open(event.eventId)} />}
            {panel.kind === "event" && <EventDetail key={panel.eventId} eventId={panel.eventId} me={me} />}
          </section>
        </PageErrorBoundary>
      </main>
    </>
  );
}

function ViewButton({ current, value, onSelect, children }: { current: View; value: View; onSelect(view: View): void; children: string }) {
  return (
    <button type="button" className="tab" aria-pressed={current === value} onClick={() => onSelect(value)}>
      {children}
    </button>
  );
}

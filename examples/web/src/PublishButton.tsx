import { useUpdateEvent, type Event } from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";

/** A draft, seen only by its organizer, becomes public: published (at the version shown, or a 412). */
export function PublishButton({ event }: { event: Event }) {
  const update = useUpdateEvent();
  if (event.status !== "draft") return null;
  return (
    <div className="publish">
      <p className="muted">A draft: only you can see it.</p>
      <button type="button" disabled={update.isPending} onClick={() => update.mutate({ current: event, changes: { status: "published" } })}>
        Publish
      </button>
      {update.error && <ErrorMessage error={update.error} action="publish this event" />}
    </div>
  );
}

import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { issueCalendarAddress, revokeCalendarAddress } from "./api.js";
import { ErrorMessage } from "./ErrorMessage.js";
import type { Me } from "./me.js";

/**
 * "Add to my calendar": a secret address of the person's feed, for calendar apps that cannot sign in.
 * The API keeps only its hash, so the address is shown once, right after it is made; a new one replaces it.
 */
export function CalendarAddress({ me }: { me: Me }) {
  const id = useId();
  const [url, setUrl] = useState<string | undefined>(undefined);
  /** What the last Copy did: undefined before any, or after a new address. */
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const issue = useMutation({ mutationFn: () => issueCalendarAddress(me.userId), onSuccess: ({ url }) => { setUrl(url); setCopied(undefined); } });
  const revoke = useMutation({ mutationFn: () => revokeCalendarAddress(me.userId), onSuccess: () => setUrl(undefined) });
  const copy = async () => {
    if (!url) return;
    // No clipboard outside a secure context (plain http on another host), or refused: then the person copies it.
    setCopied(await (navigator.clipboard?.writeText(url) ?? Promise.reject(new Error("no clipboard"))).then(() => true, () => false));
  };

  return (
    <section className="calendar" aria-label="Add to my calendar">
      <h3>Add to my calendar</h3>
      <p className="muted">A private address of your registrations' calendar: whoever has it can read it.</p>
      {url && (
        <>
          <label htmlFor={id}>Private calendar address</label>
          <input id={id} readOnly value={url} onFocus={(e) => e.target.select()} />
          <p>
            <button type="button" onClick={() => void copy()}>Copy</button>{" "}
            <a href={url.replace(/^https?:/, "webcal:")}>Open in my calendar app</a>
            <span role="status">{copied === true ? " Copied." : copied === false ? " Could not copy: select the address and copy it." : ""}</span>
          </p>
        </>
      )}
      <p>
        <button type="button" disabled={issue.isPending} onClick={() => issue.mutate()}>
          {url ? "Reset the address" : "Make my calendar address"}
        </button>{" "}
        <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>Stop sharing</button>
      </p>
      {url && <p className="muted">Resetting makes a new address: the old one stops working.</p>}
      {(issue.error ?? revoke.error) && <ErrorMessage error={issue.error ?? revoke.error} />}
    </section>
  );
}

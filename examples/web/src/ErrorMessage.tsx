import { errorCode, errorDetail } from "./api.js";
import { signIn, userManager } from "./auth.js";

/**
 * What the API refused, as it said it: a 401 asks the person to sign in again,
 * a 403 on an organizer's `action` says only the organizer may do it, anything else is the API's detail.
 */
export function ErrorMessage({ error, action }: { error: unknown; action?: string }) {
  const code = errorCode(error);
  if (code === "UNAUTHORIZED") {
    return (
      <div className="error" role="alert">
        <p>Your session has ended or you are not signed in: {errorDetail(error)}.</p>
        {userManager && <button type="button" onClick={() => void signIn()}>Sign in again</button>}
      </div>
    );
  }
  if (code === "FORBIDDEN" && action) {
    return (
      <p className="error" role="alert">
        Only the organizer can {action}. ({errorDetail(error)})
      </p>
    );
  }
  return <p className="error" role="alert">{errorDetail(error)}</p>;
}

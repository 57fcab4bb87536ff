import { useEffect, useState } from "react";
import { userManager, type User } from "./auth.js";

/** Who is signed in (null: nobody), following sign-in, renewal and sign-out. undefined while it is being read. */
export function useSignedInUser(): User | null | undefined {
  const [user, setUser] = useState<User | null | undefined>(userManager ? undefined : null);
  useEffect(() => {
    if (!userManager) return;
    const manager = userManager;
    void manager.getUser().then(async (stored) => {
      // A token that expired while the tab slept or was closed: renewal timers only run while it is open.
      const current = stored?.expired && stored.refresh_token ? await manager.signinSilent().catch(() => null) : stored;
      setUser(current && !current.expired ? current : null);
    });
    const loaded = (next: User) => setUser(next);
    const gone = () => setUser(null);
    manager.events.addUserLoaded(loaded);
    manager.events.addUserUnloaded(gone);
    manager.events.addUserSignedOut(gone);
    // Fired only when renewal failed (it runs a minute before expiry): the person is signed out, and may sign in again.
    manager.events.addAccessTokenExpired(gone);
    return () => {
      manager.events.removeUserLoaded(loaded);
      manager.events.removeUserUnloaded(gone);
      manager.events.removeUserSignedOut(gone);
      manager.events.removeAccessTokenExpired(gone);
    };
  }, []);
  return user;
}

/**
 * Sign-in with oidc-client-ts: authorization code + PKCE, tokens renewed with the
 * refresh token before they expire. Stores are oidc-client-ts's defaults: the user (tokens included)
 * in sessionStorage, gone when the tab closes; only the short-lived sign-in state (PKCE verifier) in localStorage.
 */
import { UserManager, type User } from "oidc-client-ts";
import { AUTH_AUDIENCE, AUTH_CLIENT_ID, AUTH_ISSUER, AUTH_SCOPE } from "./config.js";
import { signoutQueryParams } from "./signout.js";

export const CALLBACK_PATH = "/callback";

/** Undefined when no issuer is configured: the app is then read-only. */
export const userManager: UserManager | undefined = AUTH_ISSUER
  ? new UserManager({
      authority: AUTH_ISSUER,
      client_id: AUTH_CLIENT_ID,
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${window.location.origin}/`,
      scope: AUTH_SCOPE,
      // OpenID Connect issues a refresh token for offline_access only after consent is asked.
      ...(AUTH_SCOPE.split(" ").includes("offline_access") ? { prompt: "consent" } : {}),
      ...(AUTH_AUDIENCE ? { resource: AUTH_AUDIENCE } : {}),
      automaticSilentRenew: true,
    })
  : undefined;

/** The current access token for the API client (called per request), or none when signed out or expired. */
export async function accessToken(): Promise<string | undefined> {
  const user = await userManager?.getUser();
  return user && !user.expired ? user.access_token : undefined;
}

/** Finishes a sign-in on the callback route, then goes back to the page the person started from. */
export async function completeSignIn(): Promise<void> {
  if (!userManager) return;
  const user = await userManager.signinRedirectCallback();
  const returnTo = typeof user.state === "string" && user.state.startsWith("/") && !user.state.startsWith("//") ? user.state : "/";
  window.history.replaceState(null, "", returnTo);
}

export const signIn = (): Promise<void> | undefined => userManager?.signinRedirect({ state: window.location.pathname + window.location.search });
/**
 * Signs out at the issuer (RP-initiated logout; Cognito's /logout with the parameters it needs), which
 * comes back to the home page. An issuer with no end_session_endpoint only loses the app's session.
 */
export async function signOut(): Promise<void> {
  if (!userManager) return;
  const metadata = await userManager.metadataService.getMetadata().catch(() => undefined);
  const { authority, client_id, post_logout_redirect_uri } = userManager.settings;
  if (metadata?.end_session_endpoint && post_logout_redirect_uri) {
    await userManager.signoutRedirect({ extraQueryParams: signoutQueryParams(authority, client_id, post_logout_redirect_uri) });
    return;
  }
  await userManager.removeUser();
}

export type { User };

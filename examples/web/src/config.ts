/** Build-time settings (Vite's import.meta.env): see the README, "Web app". */
const env = import.meta.env;

/** The API's base URL; by default the page's own origin, whose dev server forwards /trpc to the API. */
export const API_URL: string = env.VITE_EVENTS_API_URL || window.location.origin;

/** The OpenID Connect issuer people sign in with; left out, the app only reads public events. */
export const AUTH_ISSUER: string | undefined = env.VITE_AUTH_ISSUER || undefined;
export const AUTH_CLIENT_ID: string = env.VITE_AUTH_CLIENT_ID || "events-web";
/** The API's identifier, asked for as the resource (RFC 8707) so the issuer makes access tokens for it. */
export const AUTH_AUDIENCE: string | undefined = env.VITE_AUTH_AUDIENCE || undefined;
/** Scopes: offline_access for a refresh token, so a session outlives one access token. */
export const AUTH_SCOPE: string = env.VITE_AUTH_SCOPE || "openid profile email offline_access";

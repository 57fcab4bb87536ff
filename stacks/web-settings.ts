/**
 * Whether a stage deploys the web app (examples/web) beside the API, where,
 * and what its build is told about sign-in; decided from the deploy-time
 * environment. Pure (no SST globals), so stacks/test/web.test.ts checks it;
 * stacks/web.ts creates what it decides; its own domain's callback and logout
 * URLs go to Cognito's app client (`stageSettings`, for stacks/auth.ts) and
 * its origin to the API's CORS (stacks/http.ts).
 */
import { CALLBACK_PATH, POST_LOGOUT_PATH, authSettings, text, type AuthSettings } from "./auth-settings";

/** The deploy-time environment; read: WEB_APP, WEB_DOMAIN, WEB_CLIENT_ID, WEB_AUTH_SCOPE. */
export type WebEnvironment = Readonly<Record<string, string | undefined>>;

export type WebSettings =
  | { kind: "none" }
  | {
      kind: "site";
      /** The site's own domain (`events.example.com`); CloudFront's when undefined. */
      domain?: string;
      /** The issuer's client the app signs in as, for an external issuer (Cognito's is the stack's app client). */
      clientId?: string;
      /** The scopes the app asks for, when not the app's default. */
      scope?: string;
    };

/**
 * Cognito's app client allows `openid email profile` only (stacks/auth.ts); the app's default asks
 * for `offline_access` too, which Cognito refuses. Cognito returns a refresh token all the same.
 */
export const COGNITO_SCOPE = "openid email profile";

export class WebSettingsError extends Error {
  override name = "WebSettingsError";
}

/**
 * WEB_APP: `site` (the default) or `none` for an API-only stage. WEB_DOMAIN: a host name for the
 * site (StaticSite's `domain`). WEB_CLIENT_ID: with an external issuer (AUTH_ISSUER), the client
 * registered there for the app; required then, since the API's audience is not a client.
 */
export function webSettings(env: WebEnvironment, authKind: AuthSettings["kind"]): WebSettings {
  const app = text(env.WEB_APP)?.toLowerCase() ?? "site";
  const domain = text(env.WEB_DOMAIN)?.toLowerCase();
  const clientId = text(env.WEB_CLIENT_ID);
  const scope = text(env.WEB_AUTH_SCOPE);
  if (app !== "site" && app !== "none") throw new WebSettingsError(`WEB_APP must be "site" or "none", not "${env.WEB_APP}"`);
  if (app === "none") {
    if (domain !== undefined) throw new WebSettingsError("WEB_DOMAIN is set with WEB_APP=none: there is no site to put on it");
    return { kind: "none" };
  }
  if (domain !== undefined && !isHostName(domain)) {
    throw new WebSettingsError(`WEB_DOMAIN must be a host name (events.example.com: no scheme, port or path), not "${env.WEB_DOMAIN}"`);
  }
  if (authKind === "external" && clientId === undefined) {
    throw new WebSettingsError(
      "AUTH_ISSUER is set without WEB_CLIENT_ID: name the issuer's client for the web app (a public client, code + PKCE), or deploy with WEB_APP=none",
    );
  }
  return {
    kind: "site",
    ...(domain !== undefined && { domain }),
    ...(authKind === "external" && clientId !== undefined && { clientId }),
    ...(scope !== undefined && { scope }),
  };
}

function isHostName(value: string): boolean {
  return value.length <= 253 && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value);
}

/**
 * A stage's sign-in and web settings together: the web app's own domain adds its callback and
 * logout URLs to Cognito's app client. Only the domain, a string known before deploying: the
 * CloudFront URL is an output of the site, whose build needs the client's id, so using it here
 * would make the client and the site depend on each other.
 */
export function stageSettings(env: WebEnvironment): { auth: AuthSettings; web: WebSettings } {
  const web = webSettings(env, authSettings(env).kind);
  return { auth: authSettings(env, webRedirectUrls(web)), web };
}

/** The site's origin when it is known before deploying (its own domain); CloudFront's is known only after. */
export function webOrigin(settings: WebSettings): string | undefined {
  return settings.kind === "site" && settings.domain !== undefined ? `https://${settings.domain}` : undefined;
}

/** The URLs the issuer must let the app back to on its own domain: its callback, and where sign-out returns. */
export function webRedirectUrls(settings: WebSettings): { callbackUrls: string[]; logoutUrls: string[] } {
  const origin = webOrigin(settings);
  return origin === undefined
    ? { callbackUrls: [], logoutUrls: [] }
    : { callbackUrls: [`${origin}${CALLBACK_PATH}`], logoutUrls: [`${origin}${POST_LOGOUT_PATH}`] };
}

/**
 * The app's build-time variables (examples/web/src/config.ts): the API's URL, and the issuer, client
 * and audience it signs in with. Cognito: the pool's issuer and its app client; no audience, since
 * the app sends it as `resource` (RFC 8707) and Cognito's access tokens carry the client id the API
 * takes as their audience anyway. External: AUTH_ISSUER, WEB_CLIENT_ID and AUTH_AUDIENCE.
 */
export function webEnvironment<T>(
  settings: Extract<WebSettings, { kind: "site" }>,
  auth: AuthSettings,
  deployed: { apiUrl: T; cognito: { issuer: T; clientId: T } | undefined },
): Record<string, T | string> {
  const environment: Record<string, T | string> = { VITE_EVENTS_API_URL: deployed.apiUrl };
  if (auth.kind === "external") {
    if (settings.clientId === undefined) throw new WebSettingsError("an external issuer's web app needs WEB_CLIENT_ID");
    environment.VITE_AUTH_ISSUER = auth.issuer;
    environment.VITE_AUTH_CLIENT_ID = settings.clientId;
    environment.VITE_AUTH_AUDIENCE = auth.audience;
  } else {
    if (!deployed.cognito) throw new WebSettingsError("a Cognito stage's web app needs its user pool's issuer and client id");
    environment.VITE_AUTH_ISSUER = deployed.cognito.issuer;
    environment.VITE_AUTH_CLIENT_ID = deployed.cognito.clientId;
    environment.VITE_AUTH_SCOPE = COGNITO_SCOPE;
  }
  if (settings.scope !== undefined) environment.VITE_AUTH_SCOPE = settings.scope;
  return environment;
}

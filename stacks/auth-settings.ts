/**
 * Who signs people in on a stage, decided from the deploy-time environment:
 * a Cognito user pool the stack creates (the default), or any OpenID Connect
 * issuer named by AUTH_ISSUER and AUTH_AUDIENCE. Pure (no SST globals), so
 * stacks/test/auth.test.ts checks it; stacks/auth.ts creates what it decides
 * and stacks/function.ts hands the function its AUTH_* variables.
 */

/**
 * The deploy-time environment (the shell's when running `sst deploy`); read:
 * AUTH_ISSUER, AUTH_AUDIENCE, AUTH_USER_ID_CLAIM, AUTH_CALLBACK_URLS,
 * AUTH_LOGOUT_URLS, AUTH_DOMAIN_PREFIX. (The web app's WEB_* variables are
 * stacks/web-settings.ts's, which adds its domain's URLs here.)
 */
export type AuthEnvironment = Readonly<Record<string, string | undefined>>;

export type AuthSettings =
  | {
      kind: "cognito";
      /** Where the hosted UI may send a signed-in person back with the code (the app client's callback URLs). */
      callbackUrls: string[];
      /** Where the hosted UI may send a signed-out person. */
      logoutUrls: string[];
      /** The hosted UI's `<prefix>.auth.<region>.amazoncognito.com`; derived from the pool's id when undefined. */
      domainPrefix?: string;
      userIdClaim?: string;
    }
  | { kind: "external"; issuer: string; audience: string; userIdClaim?: string };

/** The web app's sign-in paths (examples/web/src/auth.ts): the code comes back to the first, sign-out returns to the second. */
export const CALLBACK_PATH = "/callback";
export const POST_LOGOUT_PATH = "/";

/** The web app's dev server (`vite`, examples/web). */
export const DEV_ORIGIN = "http://localhost:5173";

/** The callback when AUTH_CALLBACK_URLS is not set: the web app's dev server. */
export const DEFAULT_CALLBACK_URLS = [`${DEV_ORIGIN}${CALLBACK_PATH}`] as const;
/** Where sign-out returns when neither AUTH_LOGOUT_URLS nor AUTH_CALLBACK_URLS is set: the dev server's home page. */
export const DEFAULT_LOGOUT_URLS = [`${DEV_ORIGIN}${POST_LOGOUT_PATH}`] as const;

/** URLs the deployed web app adds to the app client (its own domain's; stacks/web-settings.ts). */
export interface RedirectUrls {
  callbackUrls: readonly string[];
  logoutUrls: readonly string[];
}

export class AuthSettingsError extends Error {
  override name = "AuthSettingsError";
}

/** A deploy variable's value, trimmed; undefined when unset or blank. */
export const text = (value: string | undefined) => value?.trim() || undefined;

/** Comma-separated URLs; blanks around commas and empty entries are ignored. */
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** `web`: the deployed web app's callback and logout URLs, added to the configured (or default) ones. */
export function authSettings(env: AuthEnvironment, web: RedirectUrls = { callbackUrls: [], logoutUrls: [] }): AuthSettings {
  const issuer = text(env.AUTH_ISSUER);
  const audience = text(env.AUTH_AUDIENCE);
  const userIdClaim = text(env.AUTH_USER_ID_CLAIM);
  if (userIdClaim !== undefined && /\s/.test(userIdClaim)) {
    throw new AuthSettingsError(`AUTH_USER_ID_CLAIM must be a claim name, not "${env.AUTH_USER_ID_CLAIM}"`);
  }
  const claim = userIdClaim === undefined ? {} : { userIdClaim };

  if (issuer !== undefined || audience !== undefined) {
    if (issuer === undefined) throw new AuthSettingsError("AUTH_AUDIENCE is set without AUTH_ISSUER: set both, or neither for a Cognito user pool");
    if (audience === undefined) throw new AuthSettingsError("AUTH_ISSUER is set without AUTH_AUDIENCE: set both, or neither for a Cognito user pool");
    if (!isUrl(issuer, "https:")) throw new AuthSettingsError(`AUTH_ISSUER must be an https URL (its tokens' iss), not "${issuer}"`);
    return { kind: "external", issuer, audience, ...claim };
  }

  const configuredCallbacks = urls("AUTH_CALLBACK_URLS", env.AUTH_CALLBACK_URLS);
  // The local app's URLs only while the stage has no web app of its own domain: a deployed app's
  // client should not also send people's codes to whatever listens on a laptop's port.
  const ownSite = web.callbackUrls.length > 0;
  const callbackUrls = union(configuredCallbacks ?? (ownSite ? [] : DEFAULT_CALLBACK_URLS), web.callbackUrls);
  const logoutUrls = union(
    urls("AUTH_LOGOUT_URLS", env.AUTH_LOGOUT_URLS) ?? configuredCallbacks ?? (ownSite ? [] : DEFAULT_LOGOUT_URLS),
    web.logoutUrls,
  );
  const domainPrefix = text(env.AUTH_DOMAIN_PREFIX);
  if (domainPrefix !== undefined && !isDomainPrefix(domainPrefix)) {
    throw new AuthSettingsError(
      `AUTH_DOMAIN_PREFIX must be 1-63 lowercase letters, digits and hyphens (not at either end) without "aws", "amazon" or "cognito", not "${domainPrefix}"`,
    );
  }
  return { kind: "cognito", callbackUrls, logoutUrls, ...(domainPrefix ? { domainPrefix } : {}), ...claim };
}

/** The `iss` of a Cognito user pool's tokens. */
export const cognitoIssuer = (region: string, userPoolId: string) => `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

/**
 * A hosted-UI prefix unique to the pool: the prefix is global per region, so
 * the app and stage alone could already be taken. A pool id is `<region>_<9
 * letters and digits>`; its lowercased suffix tells pools apart.
 */
export function defaultDomainPrefix(app: string, stage: string, userPoolId: string): string {
  const suffix = (userPoolId.split("_").pop() ?? userPoolId).toLowerCase().replace(/[^a-z0-9]/g, "");
  const name = `${app}-${stage}`
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, "x")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const head = name.slice(0, 62 - suffix.length).replace(/-+$/, "");
  return head ? `${head}-${suffix}` : suffix;
}

/** Both lists, in order, each URL once. */
const union = (first: readonly string[], second: readonly string[]) => [...new Set([...first, ...second])];

function isDomainPrefix(value: string): boolean {
  return /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(value) && !/aws|amazon|cognito/.test(value);
}

function parseUrl(value: string) {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function isUrl(value: string, ...protocols: string[]): boolean {
  const url = parseUrl(value);
  return url !== undefined && protocols.includes(url.protocol);
}

/**
 * Cognito takes https callbacks, http only on localhost, and an app's own
 * scheme (`myapp://callback`, for a mobile app); never a fragment.
 */
function urls(name: string, value: string | undefined): string[] | undefined {
  const values = list(value);
  if (values.length === 0) return undefined;
  for (const url of values) {
    const parsed = parseUrl(url);
    if (!parsed) throw new AuthSettingsError(`${name}: "${url}" is not an absolute URL`);
    if (parsed.protocol === "http:" && parsed.hostname !== "localhost") {
      throw new AuthSettingsError(`${name}: "${url}" must be https (http only on localhost)`);
    }
    if (parsed.hash) throw new AuthSettingsError(`${name}: "${url}" must not have a fragment`);
  }
  return values;
}

/** The function's AUTH_* variables, from the settings and (for Cognito) the pool's issuer and client id. */
export function functionAuthEnvironment<T>(
  settings: AuthSettings,
  cognito: { issuer: T; clientId: T } | undefined,
): Record<string, T | string> {
  const environment: Record<string, T | string> = {};
  if (settings.kind === "external") {
    environment.AUTH_ISSUER = settings.issuer;
    environment.AUTH_AUDIENCE = settings.audience;
  } else {
    if (!cognito) throw new AuthSettingsError("a Cognito stage needs its user pool's issuer and client id");
    environment.AUTH_ISSUER = cognito.issuer;
    environment.AUTH_AUDIENCE = cognito.clientId;
  }
  if (settings.userIdClaim !== undefined) environment.AUTH_USER_ID_CLAIM = settings.userIdClaim;
  return environment;
}

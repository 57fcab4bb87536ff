/**
 * Gets a person's tokens the way a browser app does: authorization code + PKCE against
 * the issuer's endpoints, signing in on the development sign-in page and allowing access.
 * Works against any running dev issuer (`pnpm token` uses it with `AUTH_ISSUER`).
 */
import { createHash, randomBytes } from "node:crypto";
import { CookieJar } from "./cookie-jar.js";

export interface TokenOptions {
  /** Display name and e-mail typed on the sign-in page (otherwise the issuer's defaults). */
  readonly name?: string;
  readonly email?: string;
  /** Scopes asked for; `offline_access` adds `prompt=consent`, which OpenID Connect requires for a refresh token. */
  readonly scope?: string;
  /** Bound on each request of the flow. */
  readonly timeoutMs?: number;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresIn: number;
  readonly idToken?: string;
  readonly refreshToken?: string;
  readonly scope?: string;
}

export interface FlowOptions extends TokenOptions {
  readonly issuer: string;
  /** The resource indicator (RFC 8707): the API's audience. */
  readonly audience: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userId: string;
}

/** Steps allowed before the flow is taken as looping (authorize, sign in, consent and their redirects). */
const MAX_STEPS = 12;
const base64url = (bytes: Buffer) => bytes.toString("base64url");

export async function obtainTokens(options: FlowOptions): Promise<TokenSet> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const jar = new CookieJar();
  const request = async (url: URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    jar.store(response);
    return response;
  };

  const metadata = await discover(options.issuer, timeoutMs);
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const scope = options.scope ?? "openid profile email";
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: "code",
    scope,
    state,
    nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
    resource: options.audience,
    ...(scope.split(" ").includes("offline_access") ? { prompt: "consent" } : {}),
  }).toString();

  let url = authorize;
  let response = await request(url);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = new URL(response.headers.get("location") ?? "", url);
      if (location.href.startsWith(options.redirectUri)) {
        return exchange(metadata.token_endpoint, options, location, state, verifier, timeoutMs);
      }
      url = location;
      response = await request(url);
      continue;
    }
    const body = await response.text();
    if (response.status !== 200) throw new Error(`sign-in failed at ${url.pathname}: ${response.status} ${body.slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*data-prompt="(login|consent)"/.exec(body);
    if (!form) throw new Error(`sign-in failed at ${url.pathname}: no sign-in or consent form`);
    const fields: Record<string, string> =
      form[2] === "login"
        ? { username: options.userId, name: options.name ?? "", email: options.email ?? "" }
        : { decision: "allow" };
    url = new URL(form[1]!.replace(/&amp;/g, "&"), url);
    response = await request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
  throw new Error("sign-in did not reach the redirect URI");
}

async function discover(issuer: string, timeoutMs: number) {
  const response = await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`issuer discovery at ${issuer} answered ${response.status}`);
  return (await response.json()) as { authorization_endpoint: string; token_endpoint: string };
}

async function exchange(tokenEndpoint: string, options: FlowOptions, callback: URL, state: string, verifier: string, timeoutMs: number): Promise<TokenSet> {
  const error = callback.searchParams.get("error");
  if (error) throw new Error(`sign-in refused: ${error} ${callback.searchParams.get("error_description") ?? ""}`.trim());
  if (callback.searchParams.get("state") !== state) throw new Error("sign-in answered with another state");
  const code = callback.searchParams.get("code");
  if (!code) throw new Error("sign-in answered with no code");
  const response = await fetch(tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: options.redirectUri,
      code_verifier: verifier,
      client_id: options.clientId,
      resource: options.audience,
    }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${String(body.error)} ${String(body.error_description ?? "")}`.trim());
  return {
    accessToken: String(body.access_token),
    tokenType: String(body.token_type),
    expiresIn: Number(body.expires_in),
    ...(typeof body.id_token === "string" ? { idToken: body.id_token } : {}),
    ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
    ...(typeof body.scope === "string" ? { scope: body.scope } : {}),
  };
}

/**
 * The development issuer through its public surfaces: discovery, its keys, the sign-in
 * flow (authorization code + PKCE, the dev sign-in page, consent, the token endpoint),
 * refresh tokens, key rotation and keys kept in a data folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { obtainTokens, startDevIssuer, TOKEN_CLIENT_ID, TOKEN_CLIENT_REDIRECT_URI, WEB_CLIENT_ID, type DevIssuer } from "../src/index.js";
import { discovery, kidOf, publishedKeys, verifyAccessToken } from "./helpers.js";

const AUDIENCE = "http://localhost:8000";
let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ audience: AUDIENCE, webRedirectUris: ["http://localhost:5173/callback"] });
});
afterAll(() => issuer?.close());

describe("discovery and keys", () => {
  it("publishes its metadata at /.well-known/openid-configuration, with S256 PKCE", async () => {
    const metadata = await discovery(issuer.issuer);
    expect(metadata.issuer).toBe(issuer.issuer);
    expect(metadata.jwks_uri).toMatch(new RegExp(`^${issuer.issuer}/`));
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
  });

  it("publishes an RS256 and an ES256 public key, never a private part", async () => {
    const keys = await publishedKeys(issuer.issuer);
    expect(keys.map((key) => key.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of keys) {
      expect(key.kid).toBeTruthy();
      expect(key).not.toHaveProperty("d");
    }
  });
});

describe("the sign-in flow", () => {
  it("gives a JWT access token for the audience, with sub, name and e-mail", async () => {
    const token = await issuer.token("alice");
    const { payload, header } = await verifyAccessToken(issuer.issuer, AUDIENCE, token);
    expect(header).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    expect(payload).toMatchObject({ iss: issuer.issuer, aud: AUDIENCE, sub: "alice", name: "alice", email: "alice@example.test" });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it("takes the name and e-mail typed at sign-in, and configured users' defaults", async () => {
    const withUsers = await startDevIssuer({ audience: AUDIENCE, users: { bob: { name: "Bob B", email: "bob@example.org" } }, accessTokenAlg: "ES256" });
    try {
      const bob = await verifyAccessToken(withUsers.issuer, AUDIENCE, await withUsers.token("bob"));
      expect(bob.header.alg).toBe("ES256");
      expect(bob.payload).toMatchObject({ sub: "bob", name: "Bob B", email: "bob@example.org" });
      const typed = await verifyAccessToken(withUsers.issuer, AUDIENCE, await withUsers.token("bob", { name: "Robert" }));
      expect(typed.payload).toMatchObject({ name: "Robert", email: "bob@example.org" });
    } finally {
      await withUsers.close();
    }
  });

  it("also gives an ID token for the client (not for the API)", async () => {
    const { idToken } = await issuer.tokens("alice");
    const [, payload] = idToken!.split(".");
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ iss: issuer.issuer, sub: "alice", aud: TOKEN_CLIENT_ID });
  });

  it("shows a sign-in page marked development-only, and refuses a public client without PKCE", async () => {
    const { authorization_endpoint } = await discovery(issuer.issuer);
    const params = { client_id: WEB_CLIENT_ID, redirect_uri: "http://localhost:5173/callback", response_type: "code", scope: "openid" };
    const withPkce = new URL(authorization_endpoint);
    withPkce.search = new URLSearchParams({ ...params, code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" }).toString();
    const toInteraction = await fetch(withPkce, { redirect: "manual" });
    expect(toInteraction.status).toBe(303);
    const cookies = toInteraction.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const pageUrl = new URL(toInteraction.headers.get("location")!, issuer.issuer);
    const page = await fetch(pageUrl, { headers: { cookie: cookies } });
    const html = await page.text();
    expect(html).toContain("Development only");
    expect(html).toMatch(/<input name="username"/);

    const withoutPkce = new URL(authorization_endpoint);
    withoutPkce.search = new URLSearchParams(params).toString();
    const refused = await fetch(withoutPkce, { redirect: "manual" });
    expect(new URL(refused.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("the web app's client signs in on its configured redirect URI only", async () => {
    const viaWeb = await obtainTokens({ issuer: issuer.issuer, audience: AUDIENCE, clientId: WEB_CLIENT_ID, redirectUri: "http://localhost:5173/callback", userId: "erin" });
    expect((await verifyAccessToken(issuer.issuer, AUDIENCE, viaWeb.accessToken)).payload).toMatchObject({ sub: "erin", client_id: WEB_CLIENT_ID });
    await expect(
      obtainTokens({ issuer: issuer.issuer, audience: AUDIENCE, clientId: WEB_CLIENT_ID, redirectUri: "http://localhost:9999/elsewhere", userId: "erin" }),
    ).rejects.toThrow(/redirect_uri/);
  });

  it("refuses a resource other than the API's audience", async () => {
    const elsewhere = { issuer: issuer.issuer, audience: "https://other-api.test", clientId: TOKEN_CLIENT_ID, redirectUri: TOKEN_CLIENT_REDIRECT_URI };
    await expect(obtainTokens({ ...elsewhere, userId: "alice" })).rejects.toThrow(/invalid_target/);
  });

  it("with offline_access, a refresh token gets a new JWT access token for the API", async () => {
    const first = await issuer.tokens("frank", { scope: "openid offline_access" });
    expect(first.refreshToken).toBeDefined();
    const { token_endpoint } = await discovery(issuer.issuer);
    const response = await fetch(token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: first.refreshToken!, client_id: TOKEN_CLIENT_ID }).toString(),
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as { access_token: string };
    expect(refreshed.access_token).not.toBe(first.accessToken);
    expect((await verifyAccessToken(issuer.issuer, AUDIENCE, refreshed.access_token)).payload).toMatchObject({ sub: "frank", aud: AUDIENCE });
  });

  it("lets the web app's origin call the token endpoint from a browser (CORS), and no other origin", async () => {
    const { token_endpoint } = await discovery(issuer.issuer);
    const preflight = (origin: string) =>
      fetch(token_endpoint, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const tokenRequest = (origin: string) =>
      fetch(token_endpoint, {
        method: "POST",
        headers: { origin, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "unknown", client_id: WEB_CLIENT_ID }).toString(),
      });
    expect((await preflight("http://localhost:5173")).status).toBeLessThan(300);
    expect((await tokenRequest("http://localhost:5173")).headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect((await tokenRequest("http://evil.test")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("signs out on a development page", async () => {
    const { end_session_endpoint } = await discovery(issuer.issuer);
    // With no session it posts the confirmation itself; the browser would follow, so does the test.
    const start = await fetch(String(end_session_endpoint));
    const cookies = start.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    const html = await start.text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const done = await fetch(new URL(action, issuer.issuer), {
      method: "POST",
      headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    });
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain("Development only");
    expect(page).toContain("You are signed out");
  });
});

describe("signing keys", () => {
  it("rotate with no restart: a new kid signs, the previous one stays published, the one before that goes", async () => {
    const own = await startDevIssuer({ audience: AUDIENCE });
    try {
      const first = own.currentKid();
      const before = await own.token("alice");
      expect(kidOf(before)).toBe(first);
      const second = await own.rotateKeys();
      expect(second).not.toBe(first);
      const after = await own.token("alice");
      expect(kidOf(after)).toBe(second);
      expect((await publishedKeys(own.issuer)).map((key) => key.kid)).toEqual(expect.arrayContaining([first, second]));
      await verifyAccessToken(own.issuer, AUDIENCE, before);
      await verifyAccessToken(own.issuer, AUDIENCE, after);

      const third = await own.rotateKeys();
      const kids = (await publishedKeys(own.issuer)).map((key) => key.kid);
      expect(kids).toContain(third);
      expect(kids).toContain(second);
      expect(kids).not.toContain(first);
    } finally {
      await own.close();
    }
  });

  it("kept in a data folder, survive a restart (tokens from before still verify)", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dev-issuer-"));
    try {
      const once = await startDevIssuer({ audience: AUDIENCE, dataDir });
      const kid = once.currentKid();
      const token = await once.token("alice");
      const port = once.port;
      await once.close();
      const again = await startDevIssuer({ audience: AUDIENCE, dataDir, port });
      try {
        expect(again.currentKid()).toBe(kid);
        await verifyAccessToken(again.issuer, AUDIENCE, token);
      } finally {
        await again.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * The web app beside the API (stacks/web-settings.ts decides, stacks/web.ts
 * creates): a StaticSite building examples/web with the stage's API and
 * sign-in settings, none with WEB_APP=none, and its own domain (WEB_DOMAIN)
 * let back in by Cognito and allowed by the API's CORS.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CALLBACK_PATH, POST_LOGOUT_PATH, authSettings } from "../auth-settings.js";
import { corsOrigins } from "../http.js";
import {
  COGNITO_SCOPE,
  WebSettingsError,
  stageSettings,
  webEnvironment,
  webOrigin,
  webRedirectUrls,
  webSettings,
} from "../web-settings.js";
import { deployer, environmentOf } from "./deploy.js";
import { FAKE_API_URL, FAKE_CLIENT_ID, FAKE_CLOUDFRONT_URL, FAKE_REGION, FAKE_USER_POOL_ID } from "./fake-sst.js";

const AUTH0 = { AUTH_ISSUER: "https://events.eu.auth0.com/", AUTH_AUDIENCE: "https://api.events.example" };
const COGNITO_ISSUER = `https://cognito-idp.${FAKE_REGION}.amazonaws.com/${FAKE_USER_POOL_ID}`;

describe("webSettings: whether and where the web app is deployed", () => {
  it("a site on CloudFront's domain by default; none with WEB_APP=none", () => {
    expect(webSettings({}, "cognito")).toEqual({ kind: "site" });
    expect(webSettings({ WEB_APP: " site " }, "cognito")).toEqual({ kind: "site" });
    expect(webSettings({ WEB_APP: "none" }, "cognito")).toEqual({ kind: "none" });
    expect(webSettings({ WEB_APP: "None" }, "external")).toEqual({ kind: "none" });
  });

  it("its own domain, a host name (lowercased), and that domain's origin", () => {
    const settings = webSettings({ WEB_DOMAIN: " Events.Example.com " }, "cognito");
    expect(settings).toEqual({ kind: "site", domain: "events.example.com" });
    expect(webOrigin(settings)).toBe("https://events.example.com");
    expect(webOrigin(webSettings({}, "cognito"))).toBeUndefined();
    for (const domain of ["https://events.example.com", "events.example.com/app", "events.example.com:443", "localhost", "-x.example.com"]) {
      expect(() => webSettings({ WEB_DOMAIN: domain }, "cognito"), domain).toThrow(/WEB_DOMAIN must be a host name/);
    }
  });

  it("refuses what cannot be meant: an unknown WEB_APP, a domain without a site", () => {
    expect(() => webSettings({ WEB_APP: "spa" }, "cognito")).toThrow(WebSettingsError);
    expect(() => webSettings({ WEB_APP: "none", WEB_DOMAIN: "events.example.com" }, "cognito")).toThrow(/WEB_APP=none/);
  });

  it("an external issuer needs the app's client there (WEB_CLIENT_ID); Cognito's is the stack's", () => {
    expect(() => webSettings({}, "external")).toThrow(/WEB_CLIENT_ID/);
    expect(webSettings({ WEB_CLIENT_ID: "events-web" }, "external")).toEqual({ kind: "site", clientId: "events-web" });
    expect(webSettings({ WEB_CLIENT_ID: "ignored" }, "cognito")).toEqual({ kind: "site" });
  });
});

describe("the web app's own domain reaches sign-in and CORS", () => {
  it("Cognito lets the app back in at <domain>/callback, and sign-out return to <domain>/, instead of the local defaults", () => {
    const { auth } = stageSettings({ WEB_DOMAIN: "events.example.com" });
    expect(auth).toMatchObject({
      kind: "cognito",
      callbackUrls: ["https://events.example.com/callback"],
      logoutUrls: ["https://events.example.com/"],
    });
    expect(stageSettings({}).auth).toMatchObject({ callbackUrls: ["http://localhost:5173/callback"], logoutUrls: ["http://localhost:5173/"] });
    expect(webRedirectUrls(webSettings({}, "cognito"))).toEqual({ callbackUrls: [], logoutUrls: [] });
  });

  it("added to AUTH_CALLBACK_URLS and AUTH_LOGOUT_URLS when they are set, each URL once", () => {
    const { auth } = stageSettings({
      WEB_DOMAIN: "events.example.com",
      AUTH_CALLBACK_URLS: "https://events.example.com/callback,events://signed-in",
      AUTH_LOGOUT_URLS: "https://other.example.com/",
    });
    expect(auth).toMatchObject({
      callbackUrls: ["https://events.example.com/callback", "events://signed-in"],
      logoutUrls: ["https://other.example.com/", "https://events.example.com/"],
    });
  });

  it("the paths are the web app's own (examples/web/src/auth.ts)", () => {
    const source = readFileSync(resolve(import.meta.dirname, "../../examples/web/src/auth.ts"), "utf8");
    expect(source).toContain(`export const CALLBACK_PATH = "${CALLBACK_PATH}";`);
    expect(source).toContain(`post_logout_redirect_uri: \`\${window.location.origin}${POST_LOGOUT_PATH}\``);
  });

  it("CORS: the domain's origin joins CORS_ORIGINS; `*` (the default) already allows it", () => {
    expect(corsOrigins("https://admin.example.com", "https://events.example.com")).toEqual([
      "https://admin.example.com",
      "https://events.example.com",
    ]);
    expect(corsOrigins("https://events.example.com", "https://events.example.com")).toEqual(["https://events.example.com"]);
    expect(corsOrigins(undefined, "https://events.example.com")).toEqual(["*"]);
    expect(corsOrigins("https://admin.example.com")).toEqual(["https://admin.example.com"]);
  });
});

describe("webEnvironment: what the app's build is told", () => {
  it("Cognito: the API, the pool's issuer, its app client, and the scopes the client allows (no audience)", () => {
    const environment = webEnvironment({ kind: "site" }, authSettings({}), {
      apiUrl: "https://api",
      cognito: { issuer: "https://cognito-idp/x", clientId: "client" },
    });
    expect(environment).toEqual({
      VITE_EVENTS_API_URL: "https://api",
      VITE_AUTH_ISSUER: "https://cognito-idp/x",
      VITE_AUTH_CLIENT_ID: "client",
      VITE_AUTH_SCOPE: COGNITO_SCOPE,
    });
    expect(COGNITO_SCOPE.split(" ")).not.toContain("offline_access");
  });

  it("an external issuer: AUTH_ISSUER, WEB_CLIENT_ID, and AUTH_AUDIENCE as the audience; WEB_AUTH_SCOPE when set", () => {
    const auth = authSettings(AUTH0);
    const web = webSettings({ WEB_CLIENT_ID: "events-web", WEB_AUTH_SCOPE: "openid profile email" }, auth.kind);
    expect(web.kind === "site" && webEnvironment(web, auth, { apiUrl: "https://api", cognito: undefined })).toEqual({
      VITE_EVENTS_API_URL: "https://api",
      VITE_AUTH_ISSUER: AUTH0.AUTH_ISSUER,
      VITE_AUTH_CLIENT_ID: "events-web",
      VITE_AUTH_AUDIENCE: AUTH0.AUTH_AUDIENCE,
      VITE_AUTH_SCOPE: "openid profile email",
    });
    expect(() => webEnvironment({ kind: "site" }, authSettings({}), { apiUrl: "https://api", cognito: undefined })).toThrow(
      WebSettingsError,
    );
  });
});

describe("the stacks, evaluated: the web app beside the API", () => {
  const { deploy, cleanUp } = deployer();
  afterEach(cleanUp);

  it("by default: a StaticSite building examples/web with this stage's API and Cognito settings, its URL an output", async () => {
    const sst = await deploy("dev");
    expect(sst.args("sst.aws.StaticSite")).toMatchObject({
      path: "examples/web",
      build: { command: "pnpm run build", output: "dist" },
    });
    // No errorPage: SST then answers /callback (and any path without a file) with index.html.
    expect(sst.args("sst.aws.StaticSite")).not.toHaveProperty("errorPage");
    expect(sst.args("sst.aws.StaticSite")).not.toHaveProperty("domain");
    expect(environmentOf(sst, "sst.aws.StaticSite")).toEqual({
      VITE_EVENTS_API_URL: FAKE_API_URL,
      VITE_AUTH_ISSUER: COGNITO_ISSUER,
      VITE_AUTH_CLIENT_ID: FAKE_CLIENT_ID,
      VITE_AUTH_SCOPE: COGNITO_SCOPE,
    });
    // The issuer and client the app signs in with are those the API checks tokens against.
    const fn = environmentOf(sst, "sst.aws.Function");
    expect(fn.AUTH_ISSUER).toBe(COGNITO_ISSUER);
    expect(fn.AUTH_AUDIENCE).toBe(FAKE_CLIENT_ID);
    expect(sst.outputs.web).toBe(FAKE_CLOUDFRONT_URL);
    // Without a domain the client calls back to the dev server only, until AUTH_CALLBACK_URLS names the site.
    expect((sst.args("sst.aws.CognitoUserPoolClient") as { callbackUrls: string[] }).callbackUrls).toEqual([
      "http://localhost:5173/callback",
    ]);
  });

  it("WEB_APP=none: no site and no output, the API as before", async () => {
    const sst = await deploy("dev", { WEB_APP: "none" });
    expect(sst.created.map((c) => c.type)).not.toContain("sst.aws.StaticSite");
    expect(sst.outputs).not.toHaveProperty("web");
    expect(sst.outputs.url).toBe(FAKE_API_URL);
  });

  it("WEB_DOMAIN: the site on that domain, Cognito's callback and logout URLs and the API's CORS name it", async () => {
    const sst = await deploy("production", { WEB_DOMAIN: "events.example.com", CORS_ORIGINS: "https://admin.example.com" });
    expect(sst.args("sst.aws.StaticSite")).toMatchObject({ domain: "events.example.com" });
    expect(sst.outputs.web).toBe("https://events.example.com");
    const client = sst.args("sst.aws.CognitoUserPoolClient") as {
      callbackUrls: string[];
      transform: { client: (args: Record<string, unknown>) => void };
    };
    expect(client.callbackUrls).toContain("https://events.example.com/callback");
    const args: Record<string, unknown> = {};
    client.transform.client(args);
    expect(args.logoutUrls).toContain("https://events.example.com/");
    const origins = ["https://admin.example.com", "https://events.example.com"];
    expect((sst.args("sst.aws.ApiGatewayV2").cors as { allowOrigins: string[] }).allowOrigins).toEqual(origins);
    expect(environmentOf(sst, "sst.aws.Function").CORS_ORIGINS).toBe(origins.join(","));
  });

  it("an external issuer: the site signs in there with WEB_CLIENT_ID; without it the deploy fails before anything is created", async () => {
    const sst = await deploy("dev", { ...AUTH0, WEB_CLIENT_ID: "events-web" });
    expect(environmentOf(sst, "sst.aws.StaticSite")).toEqual({
      VITE_EVENTS_API_URL: FAKE_API_URL,
      VITE_AUTH_ISSUER: AUTH0.AUTH_ISSUER,
      VITE_AUTH_CLIENT_ID: "events-web",
      VITE_AUTH_AUDIENCE: AUTH0.AUTH_AUDIENCE,
    });
    await expect(deploy("dev", AUTH0)).rejects.toThrow(/WEB_CLIENT_ID/);
  });
});

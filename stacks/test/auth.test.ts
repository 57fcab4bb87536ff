/**
 * Who signs people in on a deployed stage (stacks/auth-settings.ts decides,
 * stacks/auth.ts creates, stacks/function.ts passes on): a Cognito user pool
 * by default, another issuer by configuration, and nothing half-configured.
 * sst.config.ts and the stacks are evaluated with fake SST globals
 * (fake-sst.ts), so the tests read the function's environment and the
 * outputs as SST would receive them.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthSettingsError,
  DEFAULT_CALLBACK_URLS,
  authSettings,
  cognitoIssuer,
  defaultDomainPrefix,
  functionAuthEnvironment,
} from "../auth-settings.js";
import { deployer, environmentOf } from "./deploy.js";
import { FAKE_CLIENT_ID, FAKE_REGION, FAKE_USER_POOL_ID, type FakeSst } from "./fake-sst.js";

const AUTH0 = { AUTH_ISSUER: "https://events.eu.auth0.com/", AUTH_AUDIENCE: "https://api.events.example" };

describe("authSettings: the deploy environment decides who signs people in", () => {
  it("a Cognito user pool by default, calling back to the web app's dev server", () => {
    expect(authSettings({})).toEqual({
      kind: "cognito",
      callbackUrls: ["http://localhost:5173/callback"],
      logoutUrls: ["http://localhost:5173/"],
    });
    expect(DEFAULT_CALLBACK_URLS).toEqual(["http://localhost:5173/callback"]);
    // Blank values count as unset.
    expect(authSettings({ AUTH_ISSUER: " ", AUTH_AUDIENCE: "", AUTH_CALLBACK_URLS: " , " }).kind).toBe("cognito");
  });

  it("Cognito: callback and logout URLs, comma-separated, and a hosted-UI prefix", () => {
    const settings = authSettings({
      AUTH_CALLBACK_URLS: "https://app.example.com/callback , events://signed-in,http://localhost:5173/",
      AUTH_LOGOUT_URLS: "https://app.example.com/",
      AUTH_DOMAIN_PREFIX: "events-sign-in",
    });
    expect(settings).toEqual({
      kind: "cognito",
      callbackUrls: ["https://app.example.com/callback", "events://signed-in", "http://localhost:5173/"],
      logoutUrls: ["https://app.example.com/"],
      domainPrefix: "events-sign-in",
    });
  });

  it("another issuer when AUTH_ISSUER and AUTH_AUDIENCE are set (and no pool), with an optional user id claim", () => {
    expect(authSettings(AUTH0)).toEqual({ kind: "external", ...{ issuer: AUTH0.AUTH_ISSUER, audience: AUTH0.AUTH_AUDIENCE } });
    const entra = authSettings({
      AUTH_ISSUER: " https://login.microsoftonline.com/0b1c2d3e-tenant/v2.0 ",
      AUTH_AUDIENCE: "api://events",
      AUTH_USER_ID_CLAIM: "oid",
    });
    expect(entra).toEqual({
      kind: "external",
      issuer: "https://login.microsoftonline.com/0b1c2d3e-tenant/v2.0",
      audience: "api://events",
      userIdClaim: "oid",
    });
  });

  it("keeps the issuer exactly as given (a trailing slash is part of Auth0's iss)", () => {
    const settings = authSettings(AUTH0);
    expect(settings.kind === "external" && settings.issuer).toBe("https://events.eu.auth0.com/");
  });

  it("refuses an issuer without an audience, and an audience without an issuer", () => {
    expect(() => authSettings({ AUTH_ISSUER: AUTH0.AUTH_ISSUER })).toThrow(/AUTH_ISSUER is set without AUTH_AUDIENCE/);
    expect(() => authSettings({ AUTH_AUDIENCE: AUTH0.AUTH_AUDIENCE })).toThrow(/AUTH_AUDIENCE is set without AUTH_ISSUER/);
  });

  it("refuses an issuer that is not an https URL", () => {
    for (const issuer of ["http://issuer.example.com", "issuer.example.com", "ftp://issuer.example.com", "https//x"]) {
      expect(() => authSettings({ AUTH_ISSUER: issuer, AUTH_AUDIENCE: "api" }), issuer).toThrow(AuthSettingsError);
      expect(() => authSettings({ AUTH_ISSUER: issuer, AUTH_AUDIENCE: "api" }), issuer).toThrow(/AUTH_ISSUER must be an https URL/);
    }
  });

  it("refuses callback URLs Cognito would refuse: plain http off localhost, a fragment, not a URL", () => {
    expect(() => authSettings({ AUTH_CALLBACK_URLS: "http://app.example.com/" })).toThrow(/AUTH_CALLBACK_URLS: .* must be https/);
    expect(() => authSettings({ AUTH_LOGOUT_URLS: "https://app.example.com/#done" })).toThrow(/AUTH_LOGOUT_URLS: .* fragment/);
    expect(() => authSettings({ AUTH_CALLBACK_URLS: "/callback" })).toThrow(/not an absolute URL/);
  });

  it("refuses a hosted-UI prefix Cognito would refuse, and a user id claim that is not a name", () => {
    for (const prefix of ["Events", "my-aws-login", "cognito-events", "-events", "events-", "a".repeat(64), "events_login"]) {
      expect(() => authSettings({ AUTH_DOMAIN_PREFIX: prefix }), prefix).toThrow(/AUTH_DOMAIN_PREFIX/);
    }
    expect(() => authSettings({ ...AUTH0, AUTH_USER_ID_CLAIM: "user id" })).toThrow(/AUTH_USER_ID_CLAIM/);
  });
});

describe("the Cognito pool's names", () => {
  it("its tokens' issuer", () => {
    expect(cognitoIssuer("eu-west-1", "eu-west-1_AbCdEf123")).toBe("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
  });

  it("a default hosted-UI prefix Cognito accepts, unique to the pool", () => {
    const valid = (prefix: string) =>
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) && !/aws|amazon|cognito/.test(prefix);
    expect(defaultDomainPrefix("events-api", "production", "eu-west-1_AbCdEf123")).toBe("events-api-production-abcdef123");
    for (const stage of ["dev", "Frank_Test", "aws-sandbox", "x".repeat(80), "--", "cognito"]) {
      const prefix = defaultDomainPrefix("events-api", stage, "us-east-1_Zz9Yy8Xx7");
      expect(valid(prefix), `${stage}: ${prefix}`).toBe(true);
      expect(prefix.endsWith("zz9yy8xx7"), prefix).toBe(true);
    }
  });
});

describe("functionAuthEnvironment: what the function is told", () => {
  it("another issuer: its issuer and audience, and the user id claim when set", () => {
    expect(functionAuthEnvironment(authSettings(AUTH0), undefined)).toEqual({
      AUTH_ISSUER: AUTH0.AUTH_ISSUER,
      AUTH_AUDIENCE: AUTH0.AUTH_AUDIENCE,
    });
    expect(functionAuthEnvironment(authSettings({ ...AUTH0, AUTH_USER_ID_CLAIM: "oid" }), undefined)).toMatchObject({
      AUTH_USER_ID_CLAIM: "oid",
    });
  });

  it("Cognito: the pool's issuer, and the app client's id as the audience (its access tokens' client_id)", () => {
    expect(functionAuthEnvironment(authSettings({}), { issuer: "https://cognito-idp/x", clientId: "client" })).toEqual({
      AUTH_ISSUER: "https://cognito-idp/x",
      AUTH_AUDIENCE: "client",
    });
    expect(() => functionAuthEnvironment(authSettings({}), undefined)).toThrow(AuthSettingsError);
  });
});

describe("the stacks, evaluated: what SST is given", () => {
  const { deploy, cleanUp } = deployer();
  afterEach(cleanUp);

  const functionEnvironment = (sst: FakeSst) => environmentOf(sst, "sst.aws.Function");

  it("by default: a user pool signing in by e-mail, and AUTH_ISSUER/AUTH_AUDIENCE from it reach the function", async () => {
    const sst = await deploy("dev");
    expect(sst.args("sst.aws.CognitoUserPool")).toMatchObject({ usernames: ["email"] });
    expect(functionEnvironment(sst)).toMatchObject({
      AUTH_ISSUER: `https://cognito-idp.${FAKE_REGION}.amazonaws.com/${FAKE_USER_POOL_ID}`,
      AUTH_AUDIENCE: FAKE_CLIENT_ID,
      NODE_ENV: "production",
    });
    expect(functionEnvironment(sst)).not.toHaveProperty("AUTH_USER_ID_CLAIM");
    // Variables, not links: the function's links (and sst-env.d.ts) stay the table and the key.
    expect((sst.args("sst.aws.Function").link as unknown[]).length).toBe(2);
  });

  it("outputs what a web or mobile app is configured with: the issuer, the pool, its client and its hosted UI", async () => {
    const sst = await deploy("dev");
    expect(sst.outputs).toMatchObject({
      authIssuer: `https://cognito-idp.${FAKE_REGION}.amazonaws.com/${FAKE_USER_POOL_ID}`,
      userPoolId: FAKE_USER_POOL_ID,
      userPoolClientId: FAKE_CLIENT_ID,
      hostedUi: `https://events-api-dev-abcdef123.auth.${FAKE_REGION}.amazoncognito.com`,
    });
    const external = await deploy("dev", { ...AUTH0, WEB_APP: "none" });
    expect(external.outputs.authIssuer).toBe(AUTH0.AUTH_ISSUER);
    expect(external.outputs).not.toHaveProperty("userPoolId");
  });

  it("the app client is public: no secret, the code flow only, the configured callback and logout URLs", async () => {
    const sst = await deploy("dev", { AUTH_CALLBACK_URLS: "https://app.example.com/cb", AUTH_LOGOUT_URLS: "https://app.example.com/" });
    const client = sst.args("sst.aws.CognitoUserPoolClient") as {
      callbackUrls: string[];
      transform: { client: (args: Record<string, unknown>) => void };
    };
    expect(client.callbackUrls).toEqual(["https://app.example.com/cb"]);
    // SST's defaults, which the transform changes.
    const args: Record<string, unknown> = { allowedOauthFlows: ["implicit", "code"], allowedOauthScopes: ["aws.cognito.signin.user.admin"] };
    client.transform.client(args);
    expect(args).toMatchObject({
      generateSecret: false,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", "profile"],
      logoutUrls: ["https://app.example.com/"],
      preventUserExistenceErrors: "ENABLED",
    });
    expect(args.explicitAuthFlows).not.toContain("ALLOW_USER_PASSWORD_AUTH");
  });

  it("a hosted-UI domain on the pool, named from the pool's id unless AUTH_DOMAIN_PREFIX says otherwise", async () => {
    let sst = await deploy("dev");
    expect(sst.value(sst.args("aws.cognito.UserPoolDomain").domain)).toBe("events-api-dev-abcdef123");
    expect(sst.value(sst.args("aws.cognito.UserPoolDomain").userPoolId)).toBe(FAKE_USER_POOL_ID);
    sst = await deploy("dev", { AUTH_DOMAIN_PREFIX: "events-login" });
    expect(sst.value(sst.args("aws.cognito.UserPoolDomain").domain)).toBe("events-login");
  });

  it("production's pool is deletion-protected; other stages' are not", async () => {
    for (const [stage, protection] of [["production", "ACTIVE"], ["dev", undefined]] as const) {
        const sst = await deploy(stage);
      const pool = sst.args("sst.aws.CognitoUserPool") as { transform: { userPool: (args: Record<string, unknown>) => void } };
      const args: Record<string, unknown> = {};
      pool.transform.userPool(args);
      expect(args.deletionProtection, stage).toBe(protection);
    }
  });

  it("with another issuer: no pool, no domain, and that issuer's settings reach the function", async () => {
    const sst = await deploy("production", { ...AUTH0, AUTH_USER_ID_CLAIM: "sub", WEB_CLIENT_ID: "events-web" });
    expect(sst.created.map((c) => c.type)).not.toContain("sst.aws.CognitoUserPool");
    expect(sst.created.map((c) => c.type)).not.toContain("aws.cognito.UserPoolDomain");
    expect(functionEnvironment(sst)).toMatchObject({ ...AUTH0, AUTH_USER_ID_CLAIM: "sub" });
  });

  it("a half-configured issuer fails the deploy before anything is created", async () => {
    await expect(deploy("dev", { AUTH_ISSUER: AUTH0.AUTH_ISSUER })).rejects.toThrow(/AUTH_AUDIENCE/);
  });
});

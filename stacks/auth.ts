/**
 * How people sign in on this stage (stacks/auth-settings.ts decides it from
 * the deploy-time environment): by default a Cognito user pool with one app
 * client for the web and mobile apps; with AUTH_ISSUER and AUTH_AUDIENCE set,
 * that issuer, and no pool. `authEnvironment` is what the function is given;
 * `webApp`, whether and where stacks/web.ts deploys the web app.
 */
import { cognitoIssuer, defaultDomainPrefix, functionAuthEnvironment, type AuthSettings } from "./auth-settings";
import { isProductionStage } from "./table-args";
import { stageSettings } from "./web-settings";

/**
 * Sign-in, and the web app (stacks/web.ts) decided together: the app's own
 * domain (WEB_DOMAIN) adds its callback and logout URLs to the app client.
 */
export const { auth, web: webApp } = stageSettings(process.env);

function createCognito(settings: Extract<AuthSettings, { kind: "cognito" }>) {
  const pool = new sst.aws.CognitoUserPool("Users", {
    // People sign in with their e-mail address, verified by a code on sign-up.
    usernames: ["email"],
    transform: {
      userPool: (args) => {
        // People's accounts outlive a mistaken delete in production, as the table does.
        if (isProductionStage($app.stage)) args.deletionProtection = "ACTIVE";
      },
    },
  });

  // The hosted UI, where the authorization code flow signs people in. Its own
  // resource rather than the pool's `domain`: the default prefix needs the pool's id.
  const region = aws.getRegionOutput().region;
  const prefix = settings.domainPrefix ?? pool.id.apply((id) => defaultDomainPrefix($app.name, $app.stage, id));
  new aws.cognito.UserPoolDomain("UsersDomain", { userPoolId: pool.id, domain: prefix });
  const hostedUi = $interpolate`https://${prefix}.auth.${region}.amazoncognito.com`;

  // A public client (an SPA, a mobile app): no secret, so the authorization
  // code flow with PKCE; no implicit flow, which hands tokens over in the URL.
  const client = pool.addClient("App", {
    callbackUrls: settings.callbackUrls,
    transform: {
      client: (args) => {
        args.generateSecret = false;
        args.allowedOauthFlows = ["code"];
        args.allowedOauthScopes = ["openid", "email", "profile"];
        args.logoutUrls = settings.logoutUrls;
        // Refresh tokens, and SRP for SDKs that sign in without the hosted UI; never a plain password.
        args.explicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"];
        // "Wrong e-mail or password" either way: sign-in does not tell who has an account.
        args.preventUserExistenceErrors = "ENABLED";
      },
    },
  });

  const issuer = $resolve([region, pool.id]).apply(([region, id]) => cognitoIssuer(region, id));
  return { pool, client, issuer, hostedUi };
}

/** The user pool, its app client, its tokens' issuer and its hosted UI's URL; undefined when another issuer signs people in. */
export const cognito = auth.kind === "cognito" ? createCognito(auth) : undefined;

/** AUTH_ISSUER, AUTH_AUDIENCE (Cognito: the app client's id, its access tokens' client_id), AUTH_USER_ID_CLAIM. */
export const authEnvironment = functionAuthEnvironment(
  auth,
  cognito && { issuer: cognito.issuer, clientId: cognito.client.id },
);

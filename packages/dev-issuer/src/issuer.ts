/**
 * startDevIssuer: a real OpenID Connect issuer (oidc-provider) inside this process, for
 * local runs and tests, the way @events/local-store embeds the store. It issues JWT
 * access tokens for the API's audience through the ordinary authorization code + PKCE flow.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import type { ClientMetadata, Configuration } from "oidc-provider";
import { createAccounts, type DevUser } from "./accounts.js";
import { obtainTokens, type TokenOptions, type TokenSet } from "./flow.js";
import { createInteractionRoutes } from "./interactions.js";
import { currentKey, generateGeneration, loadOrGenerateKeys, rotated, saveKeys, type SigningAlgorithm, type SigningJwk } from "./keys.js";
import { loadOidcProvider } from "./load-provider.js";
import { createMemoryAdapterFactory } from "./memory-adapter.js";
import { signedOutPage, signOutPage } from "./pages.js";

/** The public client of browser apps (the web app): authorization code + PKCE, refresh tokens. */
export const WEB_CLIENT_ID = "events-web";
/** The public client `token()` and `pnpm token` sign in with; its redirect is never loaded. */
export const TOKEN_CLIENT_ID = "events-dev-token";
export const TOKEN_CLIENT_REDIRECT_URI = "http://127.0.0.1/dev-token/callback";
export const DEFAULT_WEB_REDIRECT_URIS = ["http://localhost:5173/callback", "http://127.0.0.1:5173/callback"];

export interface DevIssuerOptions {
  /** 0 or left out: any free port. */
  readonly port?: number;
  /** The host to listen on and name in the issuer URL. */
  readonly host?: string;
  /** The API's identifier (`AUTH_AUDIENCE`), an absolute URI as resource indicators must be. */
  readonly audience: string;
  /** Redirect URIs of the web app's client (`events-web`). */
  readonly webRedirectUris?: readonly string[];
  /** More clients, as oidc-provider's client metadata. */
  readonly clients?: readonly ClientMetadata[];
  /** Known people's display names and e-mail addresses; anyone else may sign in too. */
  readonly users?: Readonly<Record<string, DevUser>>;
  /** Which key signs access tokens (ID tokens are RS256 either way). */
  readonly accessTokenAlg?: SigningAlgorithm;
  readonly accessTokenTtlSeconds?: number;
  /** Where the signing keys are kept across restarts; left out, they are made at start and live in memory. */
  readonly dataDir?: string;
}

export interface DevIssuer {
  /** The issuer URL, exactly as in its tokens' `iss` (`AUTH_ISSUER`). */
  readonly issuer: string;
  readonly audience: string;
  readonly port: number;
  /** A person's access token, obtained through the issuer's own sign-in flow. */
  token(userId: string, options?: TokenOptions): Promise<string>;
  /** The whole token response of that flow (access, ID and refresh tokens). */
  tokens(userId: string, options?: TokenOptions): Promise<TokenSet>;
  /** A new signing key generation signs from now on; the previous one stays published. Resolves to the new access-token `kid`. */
  rotateKeys(): Promise<string>;
  /** The `kid` that signs access tokens now. */
  currentKid(): string;
  close(): Promise<void>;
}

export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const { audience } = options;
  if (!URL.canParse(audience)) throw new TypeError(`startDevIssuer: audience must be an absolute URI, got ${JSON.stringify(audience)}`);
  const host = options.host ?? "127.0.0.1";
  const accessTokenAlg = options.accessTokenAlg ?? "RS256";
  const { Provider: ProviderClass, errors } = await loadOidcProvider();

  let keys: SigningJwk[] = await loadOrGenerateKeys(options.dataDir);
  const accounts = createAccounts(options.users);
  const adapter = createMemoryAdapterFactory();
  // Per start: a restart signs everyone out of the dev issuer, which is harmless.
  const cookieKeys = [randomBytes(32).toString("base64url")];

  let provider: Provider | undefined;
  let handle: ReturnType<Provider["callback"]> | undefined;
  const interactions = createInteractionRoutes({ provider: () => provider!, accounts, audience });
  const server: Server = createServer((req, res) => {
    void interactions(req, res).then((handled) => {
      if (!handled) void handle!(req, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host}:${port}`;

  const clients: ClientMetadata[] = [
    {
      client_id: WEB_CLIENT_ID,
      client_name: "Events web app (development)",
      token_endpoint_auth_method: "none",
      redirect_uris: [...(options.webRedirectUris ?? DEFAULT_WEB_REDIRECT_URIS)],
      // Signed out at the issuer, a person comes back to the app's home page (its redirect URIs' origins).
      post_logout_redirect_uris: [...new Set((options.webRedirectUris ?? DEFAULT_WEB_REDIRECT_URIS).map((uri) => new URL("/", uri).href))],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    },
    {
      client_id: TOKEN_CLIENT_ID,
      client_name: "pnpm token (development)",
      token_endpoint_auth_method: "none",
      redirect_uris: [TOKEN_CLIENT_REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    },
    ...(options.clients ?? []),
  ];

  const configuration = (): Configuration => ({
    adapter,
    clients,
    jwks: { keys },
    cookies: { keys: cookieKeys },
    scopes: ["openid", "offline_access", "profile", "email"],
    claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const { name, email } = accounts.claims(sub);
          return { sub, name, email, email_verified: true };
        },
      };
    },
    // The API defaults a registration's name and e-mail from these access-token claims.
    async extraTokenClaims(_ctx, token) {
      return "accountId" in token && token.accountId ? accounts.claims(token.accountId) : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = "html";
          ctx.body = signOutPage(form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = "html";
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        // Every token is for the API unless another resource is asked for (none other exists).
        defaultResource: async () => audience,
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== audience) throw new errors.InvalidTarget();
          return {
            scope: "",
            audience,
            accessTokenFormat: "jwt",
            accessTokenTTL: options.accessTokenTtlSeconds ?? 3600,
            jwt: { sign: { alg: accessTokenAlg, kid: currentKey(keys, accessTokenAlg).kid } },
          };
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // Browser apps call the token endpoint cross-origin: allow the origins of a public client's redirect URIs.
    clientBasedCORS(_ctx, origin, client) {
      return client.clientAuthMethod === "none" && (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin);
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = "text/plain";
      ctx.body = `development issuer: ${out.error}${out.error_description ? `: ${out.error_description}` : ""}\n`;
    },
  });
  // Keys are read once by a Provider, so a rotation builds a new one on the same port and state.
  const build = () => {
    provider = new ProviderClass(issuer, configuration());
    handle = provider.callback();
  };
  build();

  const tokens = (userId: string, tokenOptions?: TokenOptions) =>
    obtainTokens({ issuer, audience, clientId: TOKEN_CLIENT_ID, redirectUri: TOKEN_CLIENT_REDIRECT_URI, userId, ...tokenOptions });

  return {
    issuer,
    audience,
    port,
    tokens,
    async token(userId, tokenOptions) {
      return (await tokens(userId, tokenOptions)).accessToken;
    },
    async rotateKeys() {
      keys = rotated(keys, await generateGeneration());
      if (options.dataDir) await saveKeys(options.dataDir, keys);
      build();
      return currentKey(keys, accessTokenAlg).kid;
    },
    currentKid: () => currentKey(keys, accessTokenAlg).kid,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

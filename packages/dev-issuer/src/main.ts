/**
 * `pnpm start:issuer`: the development issuer on its own, for a local API started with
 * AUTH_ISSUER / AUTH_AUDIENCE. Keys are kept in .data/dev-issuer so tokens survive a restart.
 * Environment: DEV_ISSUER_PORT (8001), AUTH_AUDIENCE (http://localhost:8000),
 * DEV_ISSUER_REDIRECT_URIS (comma-separated, for the web app's client), DEV_ISSUER_DATA.
 */
import { DEV_AUDIENCE, DEV_ISSUER_PORT } from "./defaults.js";
import { DEFAULT_WEB_REDIRECT_URIS, startDevIssuer, WEB_CLIENT_ID } from "./issuer.js";

const issuer = await startDevIssuer({
  port: Number(process.env.DEV_ISSUER_PORT ?? DEV_ISSUER_PORT),
  audience: process.env.AUTH_AUDIENCE || DEV_AUDIENCE,
  webRedirectUris: process.env.DEV_ISSUER_REDIRECT_URIS?.split(",").map((uri) => uri.trim()).filter(Boolean) ?? DEFAULT_WEB_REDIRECT_URIS,
  dataDir: process.env.DEV_ISSUER_DATA ?? ".data/dev-issuer",
});

console.log(`Development OpenID Connect issuer (no passwords: never expose it) at ${issuer.issuer}`);
console.log(`  AUTH_ISSUER=${issuer.issuer} AUTH_AUDIENCE=${issuer.audience}`);
console.log(`  browser apps: client_id ${WEB_CLIENT_ID}, authorization code + PKCE`);
console.log(`  a token for curl: pnpm token alice`);

const stop = () => void issuer.close().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

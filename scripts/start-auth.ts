/**
 * `pnpm start:auth`: the development issuer and the API secured against it
 * (AUTH_ISSUER / AUTH_AUDIENCE set), on the embedded store, in one process.
 * The issuer listens where `pnpm token` looks for it (DEV_ISSUER_PORT, 8001),
 * so `pnpm token alice` prints a token this API accepts. Never for production.
 */
import { DEV_AUDIENCE, DEV_ISSUER_PORT, startDevIssuer } from "@events/dev-issuer";

const port = Number(process.env.DEV_ISSUER_PORT ?? DEV_ISSUER_PORT);
const audience = process.env.AUTH_AUDIENCE || DEV_AUDIENCE;
const issuer = await startDevIssuer({ port, audience, dataDir: process.env.DEV_ISSUER_DATA ?? ".data/dev-issuer" });

process.env.AUTH_ISSUER = issuer.issuer;
process.env.AUTH_AUDIENCE = audience;

// `pnpm token` finds the issuer on its default port; on another one it needs to be told.
const tokenCommand = port === DEV_ISSUER_PORT && audience === DEV_AUDIENCE
  ? "pnpm --silent token alice"
  : `AUTH_ISSUER=${issuer.issuer} AUTH_AUDIENCE=${audience} pnpm --silent token alice`;
const apiPort = process.env.PORT ?? "8000";
console.log(`Development OpenID Connect issuer (no passwords: never expose it) at ${issuer.issuer}`);
console.log(`  AUTH_ISSUER=${issuer.issuer} AUTH_AUDIENCE=${audience}`);
console.log(`  a token for curl: ${tokenCommand}`);
console.log(`  curl -H "Authorization: Bearer $(${tokenCommand})" http://localhost:${apiPort}/me`);

// The API's own start-up (and its shutdown on SIGINT/SIGTERM, which ends the issuer with the process).
await import("../packages/api/src/local-server.js");

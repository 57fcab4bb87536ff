/**
 * `pnpm token alice [--name "Alice A"] [--email a@example.test]`: prints alice's access
 * token, obtained through the running development issuer's own sign-in flow, for curl.
 * The issuer is AUTH_ISSUER (default: `pnpm start:issuer`'s address); the audience AUTH_AUDIENCE.
 */
import { parseArgs } from "node:util";
import { DEV_AUDIENCE, devIssuerUrl } from "./defaults.js";
import { obtainTokens } from "./flow.js";
import { TOKEN_CLIENT_ID, TOKEN_CLIENT_REDIRECT_URI } from "./issuer.js";

const USAGE = "usage: pnpm token <userId> [--name <display name>] [--email <address>] [--id-token]";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, email: { type: "string" }, "id-token": { type: "boolean" }, help: { type: "boolean" } },
  });
  const [userId] = positionals;
  if (values.help || !userId || positionals.length > 1) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const issuer = process.env.AUTH_ISSUER || devIssuerUrl();
  const audience = process.env.AUTH_AUDIENCE || DEV_AUDIENCE;
  const tokens = await obtainTokens({
    issuer,
    audience,
    clientId: TOKEN_CLIENT_ID,
    redirectUri: TOKEN_CLIENT_REDIRECT_URI,
    userId,
    ...(values.name ? { name: values.name } : {}),
    ...(values.email ? { email: values.email } : {}),
  });
  process.stdout.write(`${values["id-token"] ? tokens.idToken : tokens.accessToken}\n`);
}

main().catch((error: unknown) => {
  const issuer = process.env.AUTH_ISSUER || devIssuerUrl();
  console.error(`pnpm token: ${(error as Error).message}`);
  if ((error as Error).message.includes("fetch failed")) {
    console.error(`Is the development issuer running at ${issuer}? Start it with \`pnpm start:issuer\`, or set AUTH_ISSUER.`);
  }
  process.exit(1);
});

/**
 * The web app (examples/web) beside the API: its `vite build`, served by S3
 * and CloudFront (SST's StaticSite), built with this stage's API URL and
 * sign-in settings (stacks/web-settings.ts decides them). Not created with
 * WEB_APP=none; on its own domain with WEB_DOMAIN.
 */
import { api } from "./api";
import { auth, cognito, webApp } from "./auth";
import { webEnvironment } from "./web-settings";

function createSite(settings: Extract<typeof webApp, { kind: "site" }>) {
  return new sst.aws.StaticSite("Web", {
    path: "examples/web",
    build: { command: "pnpm run build", output: "dist" },
    // The variables are inlined by `vite build`: the bundle calls this stage's API and issuer.
    environment: webEnvironment(settings, auth, {
      apiUrl: api.url,
      cognito: cognito && { issuer: cognito.issuer, clientId: cognito.client.id },
    }),
    // No errorPage: then SST answers every path without a file (`/callback`, the
    // single-page app's own routes) with index.html and a 200, as an SPA needs.
    ...(settings.domain !== undefined && { domain: settings.domain }),
    // `sst dev` runs the dev server rather than deploying; its callback is a default one.
    dev: { command: "pnpm run dev", url: "http://localhost:5173" },
  });
}

/** The site, or undefined on an API-only stage (WEB_APP=none). */
export const site = webApp.kind === "site" ? createSite(webApp) : undefined;

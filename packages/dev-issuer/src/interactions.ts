/**
 * The interaction routes oidc-provider sends a browser to (`/interaction/<uid>`): the
 * development sign-in form, then consent. Everything else is the provider's own.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { Accounts } from "./accounts.js";
import { readForm } from "./form-body.js";
import { consentPage, signInPage } from "./pages.js";

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/confirm)?$/;
const USER_NAME_MAX = 128;

export interface InteractionDeps {
  provider(): Provider;
  accounts: Accounts;
  audience: string;
}

/** Handles the request when it is an interaction route; false lets the provider have it. */
export function createInteractionRoutes(deps: InteractionDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://issuer").pathname;
    const match = ROUTE.exec(path);
    if (!match) return false;
    const [, uid, step] = match;
    try {
      if (req.method === "GET" && !step) await show(deps, req, res, uid!);
      else if (req.method === "POST" && step === "/login") await signIn(deps, req, res, uid!);
      else if (req.method === "POST" && step === "/confirm") await confirm(deps, req, res);
      else send(res, 405, "text/plain", "method not allowed");
    } catch (error) {
      // An expired or unknown interaction (its cookie gone): start again from the app.
      if (!res.headersSent) send(res, 400, "text/plain", `sign-in could not continue: ${(error as Error).message}`);
    }
    return true;
  };
}

async function show(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, uid: string) {
  const provider = deps.provider();
  const details = await provider.interactionDetails(req, res);
  const client = await provider.Client.find(String(details.params.client_id));
  const clientName = client?.clientName ?? String(details.params.client_id);
  if (details.prompt.name === "login") {
    send(res, 200, "text/html", signInPage(`/interaction/${uid}/login`, clientName));
    return;
  }
  const scopes = [...((details.prompt.details.missingOIDCScope as string[] | undefined) ?? [])];
  send(res, 200, "text/html", consentPage(`/interaction/${uid}/confirm`, clientName, details.session?.accountId ?? "", deps.audience, scopes));
}

async function signIn(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, uid: string) {
  const provider = deps.provider();
  const details = await provider.interactionDetails(req, res);
  const form = await readForm(req);
  const username = (form.get("username") ?? "").trim();
  if (details.prompt.name !== "login") throw new Error("this step is not a sign-in");
  if (!username || username.length > USER_NAME_MAX) {
    const client = await provider.Client.find(String(details.params.client_id));
    send(res, 200, "text/html", signInPage(`/interaction/${uid}/login`, client?.clientName ?? "", `Type a user name of 1-${USER_NAME_MAX} characters.`));
    return;
  }
  deps.accounts.signIn(username, { name: form.get("name")?.trim() || undefined, email: form.get("email")?.trim() || undefined });
  await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
}

async function confirm(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse) {
  const provider = deps.provider();
  const details = await provider.interactionDetails(req, res);
  const form = await readForm(req);
  if (details.prompt.name !== "consent") throw new Error("this step is not a consent");
  if (form.get("decision") !== "allow") {
    await provider.interactionFinished(req, res, { error: "access_denied", error_description: "the person did not allow access" }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("the grant has expired");
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
  res.end(body);
}

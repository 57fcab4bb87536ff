/**
 * Who may call a procedure: the one place access is decided, for /trpc and
 * REST alike (REST requests reach the same procedures). The caller comes from
 * the context, resolved once per request.
 */
import type { ProcedureType } from "@trpc/server";
import { ForbiddenError } from "@events/core";
import { CredentialMissingError } from "../protocol/auth-errors.js";
import type { ApiMeta } from "../protocol/rest-contract.js";
import type { Context } from "./context.js";

export const PEOPLE_MAY_NOT_WRITE_YET = "Signed-in people cannot make changes yet; use a service key";

/**
 * The failure that stops this call, or undefined when it may go ahead. Open
 * mode: everything. Secured: a write (or an operation about the caller, `/me`)
 * needs a caller; for now only services write.
 */
export function accessDenial(
  ctx: Pick<Context, "caller" | "secured" | "missingCredentialDetail">,
  type: ProcedureType,
  meta?: ApiMeta,
): Error | undefined {
  if (!ctx.secured) return undefined;
  const needsCaller = type === "mutation" || meta?.rest?.signedIn === true;
  if (needsCaller && ctx.caller.kind === "anyone") return new CredentialMissingError(ctx.missingCredentialDetail);
  if (type === "mutation" && ctx.caller.kind === "person") return new ForbiddenError(PEOPLE_MAY_NOT_WRITE_YET);
  return undefined;
}

/** A person's own data (their feed): in secured mode, that person or a service. */
export function userDataDenial(ctx: Pick<Context, "caller" | "secured" | "missingCredentialDetail">, userId: string): Error | undefined {
  if (!ctx.secured) return undefined;
  if (ctx.caller.kind === "anyone") return new CredentialMissingError(ctx.missingCredentialDetail);
  if (ctx.caller.kind === "person" && ctx.caller.userId !== userId) return new ForbiddenError("This is another person's data");
  return undefined;
}

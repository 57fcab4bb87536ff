/**
 * Who may call a procedure: the one place access is decided, for /trpc and
 * REST alike (REST requests reach the same procedures). The caller comes from
 * the context, read once per request; writes need the API key when one is set.
 */
import type { ProcedureType } from "@trpc/server";
import { isDenied, WriteDeniedError } from "../protocol/api-key.js";
import type { Context } from "./context.js";

/** The failure that stops this call, or undefined when it may go ahead. */
export function accessDenial(ctx: Pick<Context, "writeAccess">, type: ProcedureType): WriteDeniedError | undefined {
  if (type === "mutation" && isDenied(ctx.writeAccess)) return new WriteDeniedError(ctx.writeAccess);
  return undefined;
}

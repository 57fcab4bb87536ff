/**
 * tRPC's error envelope, `{ error: { message, code, data } }`: what typed
 * clients read. The procedures' errors (trpc/init.ts's formatter) and the
 * answers given before tRPC runs (415, 413, bad UTF-8, malformed HTTP) are
 * all built here, so they cannot differ.
 */
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { ErrorDescription } from "./error-table.js";

/** Where the tRPC endpoint is mounted. */
export const TRPC_PREFIX = "/trpc/";

export function trpcErrorShape(code: TRPC_ERROR_CODE_KEY, { status, detail, errors }: ErrorDescription, path?: string) {
  return {
    message: detail,
    code: TRPC_ERROR_CODES_BY_KEY[code],
    data: { code, httpStatus: status, path, detail, ...(errors ? { errors } : {}) },
  };
}

/** The JSON body of an error answered outside a procedure: one envelope, or one per call of a batch. */
export function trpcErrorBody(code: TRPC_ERROR_CODE_KEY, status: number, detail: string, batchCalls?: number): string {
  const error = trpcErrorShape(code, { status, detail });
  return JSON.stringify(batchCalls === undefined ? { error } : Array.from({ length: batchCalls }, () => ({ error })));
}

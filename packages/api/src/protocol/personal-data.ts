/**
 * Responses that carry personal data (a registration's name and e-mail, a
 * person's feed, who the caller is) must not be kept by shared caches. The
 * procedures say so in `meta.rest.personal`; REST, /trpc and the feeds send this.
 */
import { forEachOpenApiProcedure } from "trpc-to-openapi";
import type { AnyRouter } from "@trpc/server";
import type { ApiMeta } from "./rest-contract.js";

export const PERSONAL_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "Cache-Control": "private, no-store" });

/** The cache headers of an answer to these procedures of `router` (a batch: personal if any call is). */
export function personalHeadersOf(router: AnyRouter): (procedures: readonly string[]) => Record<string, string> {
  const personal = new Set<string>();
  forEachOpenApiProcedure(router._def.procedures, ({ path, meta }) => {
    if ((meta as ApiMeta).rest?.personal) personal.add(path);
  });
  return (procedures) => (procedures.some((path) => personal.has(path)) ? { ...PERSONAL_HEADERS } : {});
}

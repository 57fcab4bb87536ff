/** What every list over REST shares: a plain JSON array, the next page in a `Link` header. */
import type { RestContract } from "../../protocol/rest-contract.js";
import { nextPageLink } from "../../protocol/links.js";
import type { Context } from "../context.js";
import { STORE_UNAVAILABLE } from "./common-errors.js";

/** A list's `meta.rest`: 200 with `Link`, its own errors and the store's 503. */
export const listContract = (description: string, errors: RestContract["errors"]): RestContract => ({
  success: 200,
  description,
  headers: { Link: true },
  errors: { ...errors, 503: STORE_UNAVAILABLE },
});

/** A page as REST answers it: its items, and a `Link` to the next page when there is one. */
export function itemsWithLink<T>(ctx: Context, page: { items: T[]; nextCursor: string | null }): T[] {
  if (page.nextCursor) ctx.responseHeaders.Link = nextPageLink(ctx.url, ctx.basePath, page.nextCursor);
  return page.items;
}

/**
 * The procedures served as REST paths. Create, get, update and delete are the
 * very procedures of the tRPC API; only the list differs, because REST callers
 * of the original service expect a plain array (the next page goes in a
 * `Link` header) while typed clients get `{ items, nextCursor }`.
 */
import { z } from "zod";
import { EventSchema, ListEventsInputSchema } from "@events/core";
import { publicProcedure, router } from "../trpc/init.js";
import { create, get, remove, update } from "../trpc/procedures/events.js";

/** RFC 8288 link to the next page: the same request with the next cursor. */
function nextPageLink(url: string, basePath: string, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set("cursor", cursor);
  return `<${basePath}${next.pathname}${next.search}>; rel="next"`;
}

const list = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/events",
      operationId: "listEvents",
      summary: "List events",
      description:
        "Events ordered by date (earliest first, across time zones), then eventId. Filter by `status` and by a " +
        "`from`/`to` date range (inclusive). When more results exist, the `Link` header carries the next page " +
        '(`rel="next"`). Each filter is an index query: its cost follows what it returns, not the table size.',
      tags: ["events"],
    },
  })
  .input(ListEventsInputSchema)
  .output(z.array(EventSchema))
  .query(async ({ ctx, input }) => {
    const page = await ctx.events.list(input);
    if (page.nextCursor) ctx.responseHeaders.Link = nextPageLink(ctx.url, ctx.basePath, page.nextCursor);
    return page.items;
  });

export const restRouter = router({ events: router({ create, get, list, update, delete: remove }) });

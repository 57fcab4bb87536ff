/**
 * What every procedure can reach: the event service, and the preconditions and
 * response headers of the HTTP request it came in on (the same for REST and /trpc).
 */
import type { EventService } from "@events/core";
import { parseIfMatch, type Precondition } from "../protocol/if-match.js";
import { basePathOf } from "../protocol/base-path.js";
import type { WriteAccess } from "../protocol/api-key.js";

export interface Context {
  events: EventService;
  /** From `If-Match`: the versions a write may apply to. */
  precondition: Precondition;
  /** The request's URL (for links to further pages). */
  url: string;
  /** The path prefix clients see (API Gateway stage, proxy prefix), "" when none. */
  basePath: string;
  /** Headers a procedure adds to its response (`Link`); REST sends them. */
  responseHeaders: Record<string, string>;
  /** Whether this request may write (the optional API key). */
  writeAccess: WriteAccess;
}

export type CreateContext = (opts: { req: Request }) => Context;

export function createContextFactory(events: EventService, checkApiKey: (headers: Headers) => WriteAccess = () => "open"): CreateContext {
  return ({ req }) => ({
    writeAccess: checkApiKey(req.headers),
    events,
    precondition: parseIfMatch(req.headers.get("if-match")),
    url: req.url,
    basePath: basePathOf(req.headers),
    responseHeaders: {},
  });
}

/**
 * What every procedure can reach: the event and registration services, and the preconditions and
 * response headers of the HTTP request it came in on (the same for REST and /trpc).
 */
import type { EventService, RegistrationService } from "@events/core";
import { parseIfMatch, type Precondition } from "../protocol/if-match.js";
import { basePathOf } from "../protocol/base-path.js";
import type { WriteAccess } from "../protocol/api-key.js";
import { IDEMPOTENCY_KEY_HEADER } from "../protocol/idempotency-key.js";

export interface Context {
  events: EventService;
  registrations: RegistrationService;
  /** The `Idempotency-Key` header as sent (checked where a procedure takes it). */
  idempotencyKey: string | undefined;
  /** From `If-Match`: the versions a write may apply to. */
  precondition: Precondition;
  /** The request's URL (for links to further pages). */
  url: string;
  /** The path prefix clients see (API Gateway stage, proxy prefix), "" when none. */
  basePath: string;
  /** Whether this request may write (the optional API key). */
  writeAccess: WriteAccess;
}

export type CreateContext = (opts: { req: Request }) => Context;

/** The domain services the procedures call. */
export interface Services {
  events: EventService;
  registrations: RegistrationService;
}

export function createContextFactory(
  { events, registrations }: Services,
  checkApiKey: (headers: Headers) => WriteAccess = () => "open",
): CreateContext {
  return ({ req }) => ({
    writeAccess: checkApiKey(req.headers),
    events,
    registrations,
    idempotencyKey: req.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined,
    precondition: parseIfMatch(req.headers.get("if-match")),
    url: req.url,
    basePath: basePathOf(req.headers),
  });
}

/**
 * What every procedure can reach: the event and registration services, and the preconditions and
 * response headers of the HTTP request it came in on (the same for REST and /trpc).
 */
import type { Actor, CalendarTokens, EventService, RegistrationService } from "@events/core";
import { parseIfMatch, type Precondition } from "../protocol/if-match.js";
import { basePathOf } from "../protocol/base-path.js";
import type { Caller } from "@events/identity";
import type { Credentials } from "../protocol/credentials.js";
import { IDEMPOTENCY_KEY_HEADER } from "../protocol/idempotency-key.js";
import { toTRPCError } from "../protocol/error-table.js";
import { actorOf, idempotencyScopeOf } from "../protocol/access.js";

export interface Context {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: CalendarTokens;
  /** The `Idempotency-Key` header as sent (checked where a procedure takes it). */
  idempotencyKey: string | undefined;
  /** From `If-Match`: the versions a write may apply to. */
  precondition: Precondition;
  /** The request's URL (for links to further pages). */
  url: string;
  /** The path prefix clients see (API Gateway stage, proxy prefix), "" when none. */
  basePath: string;
  /** Who is calling, resolved once per request from its credentials. */
  caller: Caller;
  /** Secured mode (an issuer or a service key is configured); open mode lets everybody do everything. */
  secured: boolean;
  /** What a caller who sent no credential is told to send (a 401's detail). */
  missingCredentialDetail: string;
  /** The caller as the core's actor (open mode: a service). */
  actor: Actor;
  /** Whose Idempotency-Keys this request's are. */
  idempotencyScope: string;
}

export type CreateContext = (opts: { req: Request }) => Promise<Context>;

/** The domain services the procedures call. */
export interface Services {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: CalendarTokens;
}

/**
 * A refused credential or an unreachable issuer fails the whole request (as a
 * TRPCError carrying the cause, so that its status is the error table's).
 */
export function createContextFactory({ events, registrations, calendarTokens }: Services, credentials: Credentials): CreateContext {
  return async ({ req }) => {
    const caller = await credentials.resolveCaller(req.headers).catch((cause: unknown) => {
      throw toTRPCError(cause) ?? cause;
    });
    return {
      caller,
      secured: credentials.secured,
      actor: actorOf(caller, credentials.secured),
      idempotencyScope: idempotencyScopeOf(caller, credentials.secured),
      missingCredentialDetail: credentials.missingDetail,
      events,
      registrations,
      calendarTokens,
      idempotencyKey: req.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined,
      precondition: parseIfMatch(req.headers.get("if-match")),
      url: req.url,
      basePath: basePathOf(req.headers),
    };
  };
}

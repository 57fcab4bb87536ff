/**
 * What every procedure can reach: the event, registration and webhook services, and the preconditions and
 * response headers of the HTTP request it came in on (the same for REST and /trpc).
 */
import type { CalendarTokens, EventService, RegistrationService, WebhookService } from "@events/core";
import { parseIfMatch, type Precondition } from "../protocol/if-match.js";
import { basePathOf } from "../protocol/base-path.js";
import type { Credentials } from "../protocol/credentials.js";
import { IDEMPOTENCY_KEY_HEADER } from "../protocol/idempotency-key.js";
import { toTRPCError } from "../protocol/error-table.js";
import { identify, type Identity } from "../protocol/access.js";

/** The request's identity (protocol/access.ts: caller, mode, actor, Idempotency-Key scope), and: */
export interface Context extends Identity {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: CalendarTokens;
  webhooks: WebhookService;
  /** The `Idempotency-Key` header as sent (checked where a procedure takes it). */
  idempotencyKey: string | undefined;
  /** From `If-Match`: the versions a write may apply to. */
  precondition: Precondition;
  /** The request's URL (for links to further pages). */
  url: string;
  /** The path prefix clients see (API Gateway stage, proxy prefix), "" when none. */
  basePath: string;
}

export type CreateContext = (opts: { req: Request }) => Promise<Context>;

/** The domain services the procedures call. */
export interface Services {
  events: EventService;
  registrations: RegistrationService;
  calendarTokens: CalendarTokens;
  webhooks: WebhookService;
}

/**
 * A refused credential or an unreachable issuer fails the whole request (as a
 * TRPCError carrying the cause, so that its status is the error table's).
 */
export function createContextFactory({ events, registrations, calendarTokens, webhooks }: Services, credentials: Credentials): CreateContext {
  return async ({ req }) => {
    const identity = await identify(credentials, req.headers).catch((cause: unknown) => {
      throw toTRPCError(cause) ?? cause;
    });
    return {
      ...identity,
      events,
      registrations,
      calendarTokens,
      webhooks,
      idempotencyKey: req.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined,
      precondition: parseIfMatch(req.headers.get("if-match")),
      url: req.url,
      basePath: basePathOf(req.headers),
    };
  };
}

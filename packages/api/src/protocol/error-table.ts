/**
 * The error table: every failure the API answers with, as an HTTP status, a
 * sentence for people (`detail`) and, for invalid input, one entry per field.
 * tRPC's formatter, REST's problem details and the calendar feeds all format
 * from it (the tRPC code follows from the status); nothing internal (stack,
 * exception text, SDK error name) ever leaves through it.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import {
  EventAlreadyExistsError,
  EventNotFoundError,
  ForbiddenError,
  IdempotencyKeyMismatchError,
  InvalidQueryError,
  NoChangesError,
  RegistrationConflictError,
  RegistrationNotFoundError,
  StoreUnavailableError,
  VersionMismatchError,
  WebhookNotFoundError,
  DeliveryNotFoundError,
  WebhookUrlRefusedError,
} from "@events/core";
import {
  CredentialMissingError,
  CredentialRefusedError,
  IDENTITY_RETRY_AFTER_SECONDS,
  IdentityUnavailableError,
  refusedChallenge,
  WWW_AUTHENTICATE,
} from "./auth-errors.js";
import { IDEMPOTENCY_KEY_HEADER } from "./idempotency-key.js";
import { BODY_PROBLEMS } from "./json-body.js";
import type { FieldError } from "./problem.js";

export interface ErrorDescription {
  status: number;
  detail: string;
  errors?: FieldError[];
  /** Headers the answer carries (`WWW-Authenticate`, `Retry-After`), on REST and /trpc alike. */
  headers?: Record<string, string>;
}

/** Each domain error's status; `fields` for a 422's `errors` (its detail is then built from them). */
const DOMAIN_ERRORS: {
  type: abstract new (...args: never[]) => Error;
  status: number;
  fields?: (error: never) => FieldError[];
  headers?: (error: never) => Record<string, string>;
}[] = [
  { type: CredentialMissingError, status: 401, headers: () => ({ "WWW-Authenticate": WWW_AUTHENTICATE }) },
  { type: CredentialRefusedError, status: 401, headers: (e: Error) => ({ "WWW-Authenticate": refusedChallenge(e.message) }) },
  { type: ForbiddenError, status: 403 },
  { type: IdentityUnavailableError, status: 503, headers: () => ({ "Retry-After": String(IDENTITY_RETRY_AFTER_SECONDS) }) },
  { type: EventNotFoundError, status: 404 },
  { type: EventAlreadyExistsError, status: 409 },
  { type: RegistrationNotFoundError, status: 404 },
  // Every change the event's places do not allow (already registered, full, not open, capacity, waitlist).
  { type: RegistrationConflictError, status: 409 },
  {
    type: IdempotencyKeyMismatchError,
    status: 422,
    // As a field error: "Idempotency-Key was already used with a different request".
    fields: () => [{ field: IDEMPOTENCY_KEY_HEADER, message: "was already used with a different request" }],
  },
  { type: VersionMismatchError, status: 412 },
  { type: NoChangesError, status: 400 },
  { type: InvalidQueryError, status: 422, fields: (e: InvalidQueryError) => [{ field: e.field, message: e.reason }] },
  { type: StoreUnavailableError, status: 503 },
  { type: WebhookNotFoundError, status: 404 },
  { type: DeliveryNotFoundError, status: 404 },
  // A URL the API will not call (inside its own network, or not https where it must be): a field error on `url`.
  { type: WebhookUrlRefusedError, status: 422, fields: (e: WebhookUrlRefusedError) => [{ field: "url", message: e.reason }] },
];

/** The tRPC code of each status a domain error is answered with: typed clients read the code. */
const CODE_OF_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  422: "UNPROCESSABLE_CONTENT",
  503: "SERVICE_UNAVAILABLE",
};

/**
 * The codes this API answers with: the domain's, and those the transports and
 * the HTTP layer raise. Any other code is reported as an internal error.
 */
export const API_ERROR_CODES = [
  "PARSE_ERROR",
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_SUPPORTED",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "UNPROCESSABLE_CONTENT",
  "TOO_MANY_REQUESTS",
  "INTERNAL_SERVER_ERROR",
  "SERVICE_UNAVAILABLE",
] as const satisfies readonly TRPC_ERROR_CODE_KEY[];
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Codes answered with their own detail; an internal error's message is never sent. */
const ANSWERED = new Set<TRPC_ERROR_CODE_KEY>(API_ERROR_CODES.filter((code) => code !== "INTERNAL_SERVER_ERROR"));

/** Our own wording for the failures the transport libraries raise. */
const TRANSPORT_DETAIL: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: BODY_PROBLEMS.notJson,
  UNSUPPORTED_MEDIA_TYPE: BODY_PROBLEMS.notJsonType,
  PAYLOAD_TOO_LARGE: BODY_PROBLEMS.tooLarge,
  METHOD_NOT_SUPPORTED: "Method not allowed",
};

/** What any failure we did not foresee is answered with: nothing of it is passed on. */
export const INTERNAL: ErrorDescription = { status: 500, detail: "Internal server error" };

/** A domain failure's answer, whatever the transport; undefined for anything else (an internal error). */
export function describeDomainError(cause: unknown): ErrorDescription | undefined {
  const rule = DOMAIN_ERRORS.find(({ type }) => cause instanceof type);
  if (!rule) return undefined;
  if (rule.fields) return invalidInput(rule.fields(cause as never));
  return { status: rule.status, detail: (cause as Error).message, ...(rule.headers && { headers: rule.headers(cause as never) }) };
}

/** Domain failures in tRPC's terms; anything else stays an internal error. */
export function toTRPCError(cause: unknown): TRPCError | undefined {
  const described = describeDomainError(cause);
  if (described) return new TRPCError({ code: CODE_OF_STATUS[described.status]!, message: (cause as Error).message, cause: cause as Error });
  if (cause instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause });
  return undefined;
}

/** At most this many entries: a body with 50,000 unknown keys should not get a 4 MB answer. */
const MAX_FIELD_ERRORS = 50;

/** One entry per invalid field and problem; unknown fields are named, never dropped silently. */
export function fieldErrors(error: ZodError): FieldError[] {
  const entries = error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: "is not a known field" }));
    }
    return [{ field: at || "body", message: issue.message }];
  });
  // One rule broken several ways (1e30 is neither an integer nor in range) is one entry.
  const unique = [...new Map(entries.map((e) => [`${e.field}\u0000${e.message}`, e])).values()];
  if (unique.length <= MAX_FIELD_ERRORS) return unique;
  return [
    ...unique.slice(0, MAX_FIELD_ERRORS),
    { field: "body", message: `and ${unique.length - MAX_FIELD_ERRORS} more problems not listed` },
  ];
}

/** A 422: its detail names every field, as "capacity must be …; capcity is not a known field". */
export const invalidInput = (errors: FieldError[]): ErrorDescription => ({
  status: 422,
  detail: errors.map((e) => `${e.field} ${e.message}`).join("; "),
  errors,
});

/** What the transports themselves raise (bad JSON, unknown procedure, invalid input), and domain failures they carry. */
export function describeError(error: TRPCError): ErrorDescription {
  // JSON.parse's own message quotes the input back: never pass it on.
  if (error.cause instanceof SyntaxError) return { status: 400, detail: "Request is not valid JSON" };
  if (error.cause instanceof ZodError) return invalidInput(fieldErrors(error.cause));
  const domain = describeDomainError(error.cause);
  if (domain) return domain;
  if (!ANSWERED.has(error.code)) return INTERNAL;
  return { status: getHTTPStatusCodeFromError(error), detail: TRANSPORT_DETAIL[error.code] ?? error.message };
}

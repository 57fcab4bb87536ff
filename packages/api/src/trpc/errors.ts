/**
 * One reading of every failure, for both transports: which tRPC code it is,
 * its HTTP status, a sentence for people (`detail`) and, for invalid input,
 * one entry per field. Nothing internal (stack, exception text, SDK error
 * name) ever leaves through here.
 */
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import {
  EventAlreadyExistsError,
  EventNotFoundError,
  InvalidQueryError,
  NoChangesError,
  StoreUnavailableError,
  VersionMismatchError,
} from "@events/core";

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorDescription {
  status: number;
  detail: string;
  errors?: FieldError[];
}

/** Domain failures in tRPC's terms; anything else stays an internal error. */
export function toTRPCError(cause: unknown): TRPCError | undefined {
  const as = (code: TRPC_ERROR_CODE_KEY, message: string) => new TRPCError({ code, message, cause: cause as Error });
  if (cause instanceof EventNotFoundError) return as("NOT_FOUND", cause.message);
  if (cause instanceof EventAlreadyExistsError) return as("CONFLICT", cause.message);
  if (cause instanceof VersionMismatchError) return as("PRECONDITION_FAILED", cause.message);
  if (cause instanceof NoChangesError) return as("BAD_REQUEST", cause.message);
  if (cause instanceof InvalidQueryError) return as("UNPROCESSABLE_CONTENT", cause.message);
  if (cause instanceof StoreUnavailableError) return as("SERVICE_UNAVAILABLE", cause.message);
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

const STATUS: Partial<Record<TRPC_ERROR_CODE_KEY, number>> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** Our own wording for the failures the transport libraries raise. */
const TRANSPORT_DETAIL: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: "Request body is not valid JSON",
  UNSUPPORTED_MEDIA_TYPE: "Content-Type must be application/json",
  PAYLOAD_TOO_LARGE: "Request body is larger than 1 MiB",
  METHOD_NOT_SUPPORTED: "Method not allowed",
};

export function describeError(error: TRPCError): ErrorDescription {
  // JSON.parse's own message quotes the input back: never pass it on.
  if (error.cause instanceof SyntaxError) return { status: 400, detail: "Request is not valid JSON" };
  if (error.cause instanceof ZodError) {
    const errors = fieldErrors(error.cause);
    return { status: 422, detail: errors.map((e) => `${e.field} ${e.message}`).join("; "), errors };
  }
  if (error.cause instanceof InvalidQueryError) {
    const { field, reason } = error.cause;
    return { status: 422, detail: `${field} ${reason}`, errors: [{ field, message: reason }] };
  }
  const status = STATUS[error.code];
  if (status === undefined) return { status: 500, detail: "Internal server error" };
  return { status, detail: TRANSPORT_DETAIL[error.code] ?? error.message };
}

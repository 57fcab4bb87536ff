/** Error docs every resource's REST operations share (meta.rest.errors), with the messages the server sends. */
import { EventNotFoundError, StoreUnavailableError } from "@events/core";
import { WRITE_DENIED } from "../../protocol/api-key.js";
import { BODY_PROBLEMS, MAX_BODY_BYTES } from "../../protocol/json-body.js";
import type { ErrorDoc } from "../../protocol/rest-contract.js";

export const API_KEY_MISSING: ErrorDoc = {
  description: "This server requires an API key for writes (`X-Api-Key` or `Authorization: Bearer`), and it is missing or wrong.",
  detail: WRITE_DENIED.missing,
};

export const BODY_TOO_LARGE: ErrorDoc = {
  description: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
  detail: BODY_PROBLEMS.tooLarge,
};

export const NOT_JSON_TYPE: ErrorDoc = { description: "The body is not `application/json`.", detail: BODY_PROBLEMS.notJsonType };

export const STORE_UNAVAILABLE: ErrorDoc = {
  description: "The event store cannot be reached; retry later.",
  detail: new StoreUnavailableError().message,
};

/** The errors of every request whose body is JSON (a write), besides its own. */
export const JSON_WRITE_ERRORS = { 401: API_KEY_MISSING, 413: BODY_TOO_LARGE, 415: NOT_JSON_TYPE, 503: STORE_UNAVAILABLE } as const;

/** The errors of a write without a body (a DELETE): the key, a body sent anyway, the store. */
export const BODYLESS_WRITE_ERRORS = { 401: API_KEY_MISSING, 413: BODY_TOO_LARGE, 503: STORE_UNAVAILABLE } as const;

export const EVENT_NOT_FOUND: ErrorDoc = { description: "No event has this id.", detail: new EventNotFoundError("").message };

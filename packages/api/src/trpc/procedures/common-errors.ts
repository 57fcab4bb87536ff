/** Error docs every resource's REST operations share (meta.rest.errors), with the messages the server sends. */
import { EventNotFoundError, StoreUnavailableError } from "@events/core";
import { REFUSAL_DETAILS, UNAVAILABLE_DETAIL } from "@events/identity";
import { missingCredentialDetail } from "../../protocol/auth-errors.js";
import { BODY_PROBLEMS, MAX_BODY_BYTES } from "../../protocol/json-body.js";
import type { ErrorDoc } from "../../protocol/rest-contract.js";
import { ANOTHERS_DATA } from "../../protocol/access.js";

/** A read answers 401 only for a credential it was sent and refused (secured mode). */
export const CREDENTIAL_REFUSED: ErrorDoc = {
  description:
    "Secured mode: the access token or API key sent was refused (`detail` and `WWW-Authenticate: Bearer error=\"invalid_token\"` say why). " +
    "Sending no credential at all is fine for this operation.",
  details: { expired: REFUSAL_DETAILS.expired, wrongAudience: REFUSAL_DETAILS.wrong_audience, unknownKey: "The API key is not valid" },
};

export const CREDENTIAL_NEEDED: ErrorDoc = {
  description:
    "Secured mode: this operation needs a caller (an access token as `Authorization: Bearer`, or an API key as `X-Api-Key` or " +
    "`Authorization: Bearer`), and none was sent, or the one sent was refused (`detail` and `WWW-Authenticate` say why).",
  details: {
    missing: missingCredentialDetail(true),
    expired: REFUSAL_DETAILS.expired,
    unknownKey: "The API key is not valid",
  },
};

/** A 403 of secured mode: the caller is known, and this is not theirs (`detail`: what the server says). */
export const forbidden = (description: string, detail: string): ErrorDoc => ({ description: `Secured mode: ${description}`, detail });

/** A list's 422, with a query that provokes it. */
export const badQuery = (invalid: Record<string, unknown>): ErrorDoc => ({ description: "Invalid query: `errors` names each invalid parameter.", invalid });

export const BODY_TOO_LARGE: ErrorDoc = {
  description: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
  detail: BODY_PROBLEMS.tooLarge,
};

export const NOT_JSON_TYPE: ErrorDoc = { description: "The body is not `application/json`.", detail: BODY_PROBLEMS.notJsonType };

export const STORE_UNAVAILABLE: ErrorDoc = {
  description:
    "The event store cannot be reached, or (secured mode) the identity provider's signing keys could not be fetched to check a token; " +
    "retry later (`Retry-After`).",
  detail: new StoreUnavailableError().message,
};

/** The errors of every public read, besides its own: a refused credential, the store or the identity provider down. */
export const READ_ERRORS = { 401: CREDENTIAL_REFUSED, 503: STORE_UNAVAILABLE } as const;

/** The errors of a read of personal data (secured mode: a caller is needed), besides its own. */
export const PERSONAL_READ_ERRORS = { 401: CREDENTIAL_NEEDED, 503: STORE_UNAVAILABLE } as const;

/** The errors of every request whose body is JSON (a write), besides its own (its 403 among them). */
export const JSON_WRITE_ERRORS = { 401: CREDENTIAL_NEEDED, 413: BODY_TOO_LARGE, 415: NOT_JSON_TYPE, 503: STORE_UNAVAILABLE } as const;

/** The errors of a write without a body (a DELETE, a POST of its path alone): the caller, a body sent anyway, the store. */
export const BODYLESS_WRITE_ERRORS = { 401: CREDENTIAL_NEEDED, 413: BODY_TOO_LARGE, 503: STORE_UNAVAILABLE } as const;

/** The 403 of a person asking for another person's data (the access table's "their own" rows). */
export const ANOTHERS_DATA_FORBIDDEN = forbidden("a person may ask only for their own (another's is a 403); a service for anyone's.", ANOTHERS_DATA);

export const EVENT_NOT_FOUND: ErrorDoc = { description: "No event has this id.", detail: new EventNotFoundError("").message };

export const IDENTITY_UNAVAILABLE: ErrorDoc = {
  description: "Secured mode: the identity provider's signing keys could not be fetched to check the access token; retry later (`Retry-After`).",
  detail: UNAVAILABLE_DETAIL,
};

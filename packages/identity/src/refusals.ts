/**
 * Why a token was refused, as a code the API maps to a 401 and a `detail`
 * sentence the caller may read. Neither ever holds the token itself.
 */
export type RefusalReason =
  | "malformed"
  | "bad_signature"
  | "unknown_key"
  | "expired"
  | "not_yet_valid"
  | "wrong_issuer"
  | "wrong_audience"
  | "not_access_token"
  | "invalid_user_id";

export interface TokenRefusal {
  readonly kind: "refused";
  readonly reason: RefusalReason;
  readonly detail: string;
}

/** The issuer's keys could not be had in bounded time: a 503, never an acceptance. */
export interface IssuerUnavailable {
  readonly kind: "unavailable";
  readonly detail: string;
  /** For the server's log (what failed: discovery, key set, time-out); holds no token. */
  readonly cause: string;
}

export const REFUSAL_DETAILS: Readonly<Record<RefusalReason, string>> = {
  malformed: "the access token is malformed",
  bad_signature: "the access token's signature does not verify",
  unknown_key: "the access token is signed with a key the issuer does not publish",
  expired: "the access token has expired",
  not_yet_valid: "the access token is not valid yet",
  wrong_issuer: "the access token was issued by another issuer",
  wrong_audience: "the access token is meant for another audience",
  not_access_token: "the token is not an access token (an ID token cannot be used here)",
  invalid_user_id: "the access token's user id is not a valid userId",
};

export const UNAVAILABLE_DETAIL = "the identity provider's signing keys could not be fetched; try again shortly";

export function refuse(reason: RefusalReason, detail: string = REFUSAL_DETAILS[reason]): TokenRefusal {
  return { kind: "refused", reason, detail };
}

export function unavailable(cause: string): IssuerUnavailable {
  return { kind: "unavailable", detail: UNAVAILABLE_DETAIL, cause };
}

/**
 * Who-is-calling failures and the headers they are answered with: RFC 6750's
 * `WWW-Authenticate` on a 401, `Retry-After` on a 503. Their statuses are in
 * error-table.ts with every other error's.
 */
export const REALM = "events-api";

/** A credential was needed and none was sent: RFC 6750 §3.1, no error code. */
export const WWW_AUTHENTICATE = `Bearer realm="${REALM}"`;

/** The `detail` of an API key that matches no service key. */
export const UNKNOWN_KEY_DETAIL = "The API key is not valid";
export const TOKENS_NOT_ACCEPTED_DETAIL = "this API does not accept access tokens";
export const CONFLICTING_CREDENTIALS_DETAIL = "X-Api-Key and Authorization: Bearer name different credentials; send one";

/** What a caller without a credential is told to send, by what the server accepts. */
export function missingCredentialDetail(acceptsTokens: boolean): string {
  return acceptsTokens
    ? "This request needs an access token (Authorization: Bearer) or an API key (X-Api-Key header)"
    : "This request needs an API key (X-Api-Key header)";
}

/** The request needs a caller and sent no credential: a 401. */
export class CredentialMissingError extends Error {
  override name = "CredentialMissingError";
}

/** A token or key was refused: a 401 whose `WWW-Authenticate` says `invalid_token`. */
export class CredentialRefusedError extends Error {
  override name = "CredentialRefusedError";
}

/** The issuer's keys could not be had while a token had to be checked: a 503, never an acceptance. */
export class IdentityUnavailableError extends Error {
  override name = "IdentityUnavailableError";
}

/** Seconds a client should wait before trying again when the issuer is unreachable. */
export const IDENTITY_RETRY_AFTER_SECONDS = 5;

/** RFC 6750 §3: error_description holds printable ASCII without `"` or `\`. */
const quotable = (text: string) => text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "'");

export const refusedChallenge = (detail: string) =>
  `${WWW_AUTHENTICATE}, error="invalid_token", error_description="${quotable(detail)}"`;

/**
 * A failed attempt's error in plain words for the deliveries log. Built from
 * error codes only, never from messages, which may carry the URL (and a token in it).
 */

/** Refused by our own address check at connect time; its message is already a sentence. */
export class AddressNotAllowedError extends Error {
  override name = "AddressNotAllowedError";
}

const WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "DNS lookup failed",
  EAI_AGAIN: "DNS lookup failed (temporary failure)",
  ENODATA: "DNS lookup failed",
  ESERVFAIL: "DNS lookup failed",
};

export function describeNetworkError(error: unknown): string {
  if (error instanceof AddressNotAllowedError) return error.message;
  const code = codeOf(error);
  if (code === undefined) return "network error";
  if (WORDS[code]) return WORDS[code];
  if (code.startsWith("HPE_")) return `invalid HTTP response (${code})`;
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)) return `TLS handshake failed (${code})`;
  return `network error (${code})`;
}

/** A Node error's code; with several addresses tried (Happy Eyeballs), the first one's. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const first = (error as { errors?: unknown[] }).errors?.[0];
  return first === undefined ? undefined : codeOf(first);
}

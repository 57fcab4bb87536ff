/** The optional API key for writes: how a request presents it and how it is checked. */
import { createHash, timingSafeEqual } from "node:crypto";

/** Whether a request may write: no key configured, or the right key sent. */
export type WriteAccess = "open" | "granted" | "missing" | "invalid";

export const WRITE_DENIED: Record<"missing" | "invalid", string> = {
  missing: "This request needs an API key (X-Api-Key header)",
  invalid: "The API key is not valid",
};

/** Sent with every 401, on REST and /trpc alike. */
export const WWW_AUTHENTICATE = 'Bearer realm="events-api"';

export const isDenied = (access: WriteAccess): access is "missing" | "invalid" => access === "missing" || access === "invalid";

/** A write without the right key: a 401 (protocol/error-table.ts), with `WWW-Authenticate`. */
export class WriteDeniedError extends Error {
  constructor(access: "missing" | "invalid") {
    super(WRITE_DENIED[access]);
    this.name = "WriteDeniedError";
  }
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * The API key check: the key comes as `X-Api-Key: <key>` or
 * `Authorization: Bearer <key>`, compared in constant time.
 */
export function apiKeyCheck(apiKey: string | undefined): (headers: Headers) => WriteAccess {
  if (!apiKey) return () => "open";
  const expected = digest(apiKey);
  return (headers) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
    const given = headers.get("x-api-key") ?? bearer;
    if (given === undefined) return "missing";
    // Compare digests: constant time, whatever the lengths.
    return timingSafeEqual(digest(given), expected) ? "granted" : "invalid";
  };
}

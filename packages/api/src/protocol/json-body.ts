/** What both transports accept as a JSON request body: the media type, strict UTF-8, the size limit. */

/** `application/json` or any `application/*+json`, parameters allowed, any case. */
export const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Decoding that fails on invalid bytes instead of turning them into U+FFFD. */
export const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export const MAX_BODY_BYTES = 1024 * 1024;

/** What a client is told when its body breaks one of these rules (REST and /trpc alike). */
export const BODY_PROBLEMS = {
  notJsonType: "Content-Type must be application/json",
  notUtf8: "Request body is not valid UTF-8",
  notJson: "Request body is not valid JSON",
  tooLarge: "Request body is larger than 1 MiB",
} as const;

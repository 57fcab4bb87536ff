/** What both transports accept as a JSON request body: the media type, and strict UTF-8. */

/** `application/json` or any `application/*+json`, parameters allowed, any case. */
export const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Decoding that fails on invalid bytes instead of turning them into U+FFFD. */
export const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

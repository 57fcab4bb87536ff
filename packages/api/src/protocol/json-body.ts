/** What both transports accept as a JSON request body: the media type, strict UTF-8, the size limit. */

/** `application/json` or any `application/*+json`, parameters allowed, any case. */
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Decoding that fails on invalid bytes instead of turning them into U+FFFD. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

export const MAX_BODY_BYTES = 1024 * 1024;

/** What a client is told when its body breaks one of these rules (REST and /trpc alike). */
export const BODY_PROBLEMS = {
  notJsonType: "Content-Type must be application/json",
  notUtf8: "Request body is not valid UTF-8",
  notJson: "Request body is not valid JSON",
  tooLarge: `Request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`,
} as const;

export type BodyProblem = { status: 415; code: "UNSUPPORTED_MEDIA_TYPE"; detail: string } | { status: 400; code: "PARSE_ERROR"; detail: string };

/**
 * A body's text, or the rule it breaks: its media type (a missing Content-Type
 * passes where `typeRequired` is false, as tRPC's clients may omit it) or UTF-8.
 */
export async function readBodyText(request: Request, typeRequired: boolean): Promise<{ text: string } | { problem: BodyProblem }> {
  const type = request.headers.get("content-type");
  if (type === null ? typeRequired : !JSON_CONTENT_TYPE.test(type)) {
    return { problem: { status: 415, code: "UNSUPPORTED_MEDIA_TYPE", detail: BODY_PROBLEMS.notJsonType } };
  }
  try {
    return { text: strictUtf8.decode(await request.arrayBuffer()) };
  } catch {
    return { problem: { status: 400, code: "PARSE_ERROR", detail: BODY_PROBLEMS.notUtf8 } };
  }
}

/**
 * What each REST operation answers besides its body: the success status, the
 * headers it sets, and the error statuses it can return. The handler sets
 * statuses and headers from this table and the OpenAPI document describes
 * responses from it, so the two cannot drift apart.
 */
export type HeaderName = "ETag" | "Location" | "Link";

/** An error's `detail` (and for 422 its `errors`), as the server sends them. */
export interface ProblemExample {
  detail: string;
  errors?: { field: string; message: string }[];
}

export interface OperationResponses {
  success: 200 | 201 | 204;
  description: string;
  headers: HeaderName[];
  errors: number[];
  /** Honours `If-Match`. */
  conditional?: true;
  /** A write: needs the API key when the server has one (401 otherwise). */
  apiKey?: true;
  /** Error examples for this operation, where ERROR_EXAMPLES' general one would mislead. */
  errorExamples?: Partial<Record<number, ProblemExample>>;
}

/** Keyed by procedure path. */
export const OPERATION_RESPONSES: Record<string, OperationResponses> = {
  "events.create": {
    success: 201,
    description: "The stored event.",
    headers: ["Location", "ETag"],
    errors: [400, 401, 409, 413, 415, 422, 503],
    apiKey: true,
  },
  "events.list": {
    success: 200,
    description: "The events, as a JSON array.",
    headers: ["Link"],
    errors: [422, 503],
    errorExamples: {
      422: {
        detail: "status must be one of draft, published, cancelled, completed, active",
        errors: [{ field: "status", message: "must be one of draft, published, cancelled, completed, active" }],
      },
    },
  },
  "events.get": { success: 200, description: "The event.", headers: ["ETag"], errors: [404, 503] },
  "events.update": {
    success: 200,
    description: "The updated event.",
    headers: ["ETag"],
    errors: [400, 401, 404, 412, 413, 415, 422, 503],
    conditional: true,
    apiKey: true,
  },
  "events.delete": {
    success: 204,
    description: "Deleted; no body.",
    headers: [],
    errors: [401, 404, 412, 413, 422, 503],
    conditional: true,
    apiKey: true,
    errorExamples: {
      422: {
        detail: "expectedVersion must be a positive integer",
        errors: [{ field: "expectedVersion", message: "must be a positive integer" }],
      },
    },
  },
};

export const HEADER_DESCRIPTIONS: Record<HeaderName, string> = {
  ETag: 'The event\'s strong entity tag, `"<version>"`; send it back in `If-Match` to update or delete only that version.',
  Location: "The new event's path, `/events/{eventId}`.",
  Link: 'Present when more results exist: `<…?cursor=…>; rel="next"` (RFC 8288), the other query parameters kept.',
};

export const IF_MATCH_DESCRIPTION =
  'Apply only if the event is still at this version: its `ETag`, e.g. `"3"` (412 otherwise). `*` matches any version.';

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed JSON, or an update with no fields to change.",
  401: "This server requires an API key for writes (`X-Api-Key` or `Authorization: Bearer`), and it is missing or wrong.",
  404: "No event has this id.",
  409: "An event with this eventId already exists; nothing was overwritten.",
  412: "`If-Match` (or `expectedVersion`) does not match the event's current version; nothing changed.",
  413: "The request body is larger than 1 MiB.",
  415: "The body is not `application/json`.",
  422: "Invalid input: `errors` names each invalid field.",
  503: "The event store cannot be reached; retry later.",
};

/**
 * What each error looks like: the `detail` (and for 422 the `errors`) the
 * server really sends, shown as examples in the OpenAPI document.
 */
export const ERROR_EXAMPLES: Record<number, ProblemExample> = {
  400: { detail: "Request body is not valid JSON" },
  401: { detail: "This request needs an API key (X-Api-Key header)" },
  404: { detail: "Event not found" },
  409: { detail: "An event with eventId 'tech-conf-2024' already exists" },
  412: { detail: "The event has changed since the version given (If-Match / expectedVersion)" },
  413: { detail: "Request body is larger than 1 MiB" },
  415: { detail: "Content-Type must be application/json" },
  422: {
    detail: "capacity must be an integer from 1 to 100000; capcity is not a known field",
    errors: [
      { field: "capacity", message: "must be an integer from 1 to 100000" },
      { field: "capcity", message: "is not a known field" },
    ],
  },
  503: { detail: "The event store is unavailable; try again shortly" },
};

/** Headers an error response carries. */
export const ERROR_HEADERS: Record<number, Record<string, string>> = {
  401: { "WWW-Authenticate": '`Bearer realm="events-api"`: how to authenticate.' },
};

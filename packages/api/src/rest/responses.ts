/**
 * What each REST operation answers besides its body: the success status, the
 * headers it sets, and the error statuses it can return. The handler sets
 * statuses and headers from this table and the OpenAPI document describes
 * responses from it, so the two cannot drift apart.
 */
export type HeaderName = "ETag" | "Location" | "Link";

export interface OperationResponses {
  success: 200 | 201 | 204;
  description: string;
  headers: HeaderName[];
  errors: number[];
  /** Honours `If-Match`. */
  conditional?: true;
}

/** Keyed by procedure path. */
export const OPERATION_RESPONSES: Record<string, OperationResponses> = {
  "events.create": {
    success: 201,
    description: "The stored event.",
    headers: ["Location", "ETag"],
    errors: [400, 409, 413, 415, 422, 503],
  },
  "events.list": {
    success: 200,
    description: "The events, as a JSON array.",
    headers: ["Link"],
    errors: [422, 503],
  },
  "events.get": { success: 200, description: "The event.", headers: ["ETag"], errors: [404, 503] },
  "events.update": {
    success: 200,
    description: "The updated event.",
    headers: ["ETag"],
    errors: [400, 404, 412, 413, 415, 422, 503],
    conditional: true,
  },
  "events.delete": { success: 204, description: "Deleted; no body.", headers: [], errors: [404, 412, 422, 503], conditional: true },
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
  404: "No event has this id.",
  409: "An event with this eventId already exists; nothing was overwritten.",
  412: "`If-Match` (or `expectedVersion`) does not match the event's current version; nothing changed.",
  413: "The body is larger than 1 MiB.",
  415: "The body is not `application/json`.",
  422: "Invalid input: `errors` names each invalid field.",
  503: "The event store cannot be reached; retry later.",
};

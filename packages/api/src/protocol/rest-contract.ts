/**
 * What a procedure promises over REST besides its body, written in its
 * `meta.rest` (trpc/procedures/*.ts). The REST handler sets statuses and
 * headers from it and the OpenAPI document is written from it, so the two
 * cannot drift apart, and a new operation needs no edit in rest/ or http/.
 */
import type { OpenApiMeta } from "trpc-to-openapi";
import type { AccessRowName } from "./access.js";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 503;

/** One documented error: what it means here, and what the server then sends. */
export interface ErrorDoc {
  description: string;
  /** The `detail` the server sends (a real message, not a restatement of one). */
  detail?: string;
  /** Several real details under one status (which conflict it was), by example name. */
  details?: Record<string, string>;
  /** Input whose real 422 answer (for these fields) is shown: the document runs the procedure's own validation. */
  invalid?: Record<string, unknown>;
}

export interface RestContract {
  /** 202 and 204 have no body (202: accepted, as a manual retry of a webhook delivery). */
  success: 200 | 201 | 202 | 204;
  description: string;
  /**
   * Response headers: `ETag` from the output's version; `Location`, this path
   * filled in from the output's fields; `Link` on a list, when a next page exists.
   */
  headers?: { ETag?: true; Location?: `/${string}`; Link?: true };
  errors: Partial<Record<ErrorStatus, ErrorDoc>>;
  /**
   * A list: the output is a page, `{ items, nextCursor }` (as tRPC returns it);
   * REST answers with its items as a plain array and the next page in `Link`.
   */
  list?: true;
  /** Honours `If-Match`. */
  conditional?: true;
  /** Carries personal data (a registration, the caller): `Cache-Control: private, no-store`. */
  personal?: true;
  /** Takes an `Idempotency-Key` header: a retry gets the first response. */
  idempotent?: true;
  /** Fields that make the success body's example (the output schema's own) fit this operation (a list's: each item's). */
  responseExample?: Record<string, unknown>;
}

export type ApiMeta = OpenApiMeta<{
  rest?: RestContract;
  /** The row of the access table (protocol/access.ts) that decides who may call; none: nobody may. */
  access?: AccessRowName;
}>;

/** `/events/{eventId}` with `{ eventId: "a" }`: `/events/a`. */
export const fillPath = (template: string, values: Record<string, unknown>) =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => String(values[name]));

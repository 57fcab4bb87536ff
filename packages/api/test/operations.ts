/**
 * The REST operations as the procedures declare them (`meta.openapi`, `meta.rest`), and every path the
 * document should hold: what the tests check the served document, the docs page and the gateway against.
 */
import { forEachOpenApiProcedure, normalizePath } from "trpc-to-openapi";
import type { ApiMeta, RestContract } from "../src/protocol/rest-contract.js";
import { appRouter } from "../src/trpc/router.js";
import { FEED_PATHS } from "../src/http/feeds.js";
import type { AccessRowName } from "../src/protocol/access.js";

export interface RestOperation {
  /** e.g. `events.get` */
  procedure: string;
  /** Lower case, as the document's keys: `get`. */
  method: string;
  path: string;
  contract: RestContract;
  /** Its row of the access table. */
  access: AccessRowName;
}

export const REST_OPERATIONS: RestOperation[] = [];
forEachOpenApiProcedure(appRouter._def.procedures, ({ path: procedure, meta }) => {
  const { rest: contract, access } = meta as ApiMeta;
  REST_OPERATIONS.push({ procedure, method: meta.openapi.method.toLowerCase(), path: normalizePath(meta.openapi.path), contract: contract!, access: access! });
});

/** The document's paths: each operation's, and each calendar feed's. */
export const DOCUMENTED_PATHS = [...new Set([...REST_OPERATIONS.map((o) => o.path), ...Object.values(FEED_PATHS)])];

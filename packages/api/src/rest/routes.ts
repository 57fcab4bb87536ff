/**
 * The REST routes, read from the procedures' `openapi` metadata, for what the
 * bridge does not do itself: telling an unknown path (404) from a known path
 * with another method (405 + Allow), and decoding path parameters.
 */
import { forEachOpenApiProcedure, normalizePath } from "trpc-to-openapi";
import type { AnyRouter } from "@trpc/server";
import type { ApiMeta, RestContract } from "../protocol/rest-contract.js";

export interface RestRoute {
  method: string;
  /** e.g. `/events/{eventId}` */
  path: string;
  /** Procedure path, e.g. `events.get`. */
  procedure: string;
  pattern: RegExp;
  /** The path parameters' names, in order. */
  params: string[];
  /** Whether the request carries a JSON body: a POST or PUT whose input has fields beyond the path's. */
  takesBody: boolean;
  /** What the procedure's `meta.rest` promises: status, headers, errors. */
  contract: RestContract;
}

export function collectRoutes(router: AnyRouter): RestRoute[] {
  const routes: RestRoute[] = [];
  forEachOpenApiProcedure(router._def.procedures, ({ path: procedure, procedure: definition, meta }) => {
    const path = normalizePath(meta.openapi.path);
    // Case-sensitive, one segment per parameter (the bridge itself matches case-insensitively).
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "([^/]+)")}$`);
    const { rest } = meta as ApiMeta;
    if (!rest) throw new Error(`${procedure} has an openapi path but no meta.rest (its status, headers and errors)`);
    const params = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    const method = meta.openapi.method;
    const bodyFields = inputFields(definition._def).filter((field) => !params.includes(field));
    const takesBody = (method === "POST" || method === "PUT") && bodyFields.length > 0;
    routes.push({ method, path, procedure, pattern, params, takesBody, contract: rest });
  });
  return routes;
}

/** The field names of a procedure's object inputs (zod objects expose `shape`). */
function inputFields(def: unknown): string[] {
  const inputs = (def as { inputs?: unknown[] }).inputs ?? [];
  return inputs.flatMap((input) => Object.keys((input as { shape?: object }).shape ?? {}));
}

export type RouteMatch = { route: RestRoute } | { allow: string[] } | undefined;

export function matchRoute(routes: RestRoute[], method: string, pathname: string): RouteMatch {
  const path = normalizePath(pathname);
  const candidates = routes.filter((route) => route.pattern.test(path));
  if (candidates.length === 0) return undefined;
  const wanted = method === "HEAD" ? "GET" : method;
  const route = candidates.find((candidate) => candidate.method === wanted);
  if (route) return { route };
  const allow = candidates.map((candidate) => candidate.method);
  if (allow.includes("GET")) allow.push("HEAD");
  return { allow: [...allow, "OPTIONS"] };
}

/**
 * The REST bridge: serves the procedures' `openapi` paths through
 * trpc-to-openapi, and adds what the contract asks of REST that the bridge
 * leaves out: 404 vs 405 + Allow, strict JSON bodies (415, 400, UTF-8),
 * statuses and headers per operation (201 + Location, 202, 204, ETag), a list's
 * page as a plain array with `Link`, and RFC 9457 problem details for errors.
 */
import type { TRPCError } from "@trpc/server";
import { EVENT_ID_PATTERN, NoChangesError } from "@events/core";
import type { Context, CreateContext } from "../trpc/context.js";
import { appRouter } from "../trpc/router.js";
import { describeError, invalidInput } from "../protocol/error-table.js";
import { errorField, type Logger } from "../protocol/logger.js";
import { etagOf } from "../protocol/if-match.js";
import { isNotModified } from "../protocol/calendar/index.js";
import { describedProblem, methodNotAllowedResponse, notFoundResponse, problemResponse } from "../protocol/problem.js";
import { fillPath } from "../protocol/rest-contract.js";
import { nextPageLink } from "../protocol/links.js";
import { BODY_PROBLEMS, readBodyText } from "../protocol/json-body.js";
import { PERSONAL_HEADERS } from "../protocol/personal-data.js";
import { createBridge } from "./bridge.js";
import { collectRoutes, matchRoute, type RestRoute } from "./routes.js";

type BodyCheck = { value: object } | { problem: Response };

function invalidProblem(field: string, message: string): Response {
  const { detail, errors } = invalidInput([{ field, message }]);
  return problemResponse(422, detail, { errors: errors! });
}

/** Reads a write's body: a JSON object in UTF-8 whose path parameters, if it repeats them, match the path's (ids never change). */
async function readJsonObject(request: Request, method: string, pathParams: Record<string, string>): Promise<BodyCheck> {
  const read = await readBodyText(request, true);
  if ("problem" in read) return { problem: problemResponse(read.problem.status, read.problem.detail) };
  const { text } = read;
  if (text.trim() === "") {
    return method === "PUT"
      ? { problem: problemResponse(400, new NoChangesError().message) }
      : { problem: invalidProblem("body", "is required") };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: problemResponse(400, BODY_PROBLEMS.notJson) };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { problem: invalidProblem("body", "must be a JSON object") };
  }
  for (const [name, fromPath] of Object.entries(pathParams)) {
    if (name in value && (value as Record<string, unknown>)[name] !== fromPath) {
      return { problem: invalidProblem(name, `must match the ${name} in the path`) };
    }
  }
  return { value };
}

/**
 * The path with its parameters decoded where that yields a valid id
 * (`EVT%2D1` is `EVT-1`); the bridge itself does not decode. Anything else
 * stays as sent, names nothing, and is not found.
 */
function decodedPath(pathname: string, route: RestRoute): { path: string; params: Record<string, string> } {
  const raw = route.pattern.exec(pathname.replace(/\/$/, ""))?.slice(1);
  if (!raw) return { path: pathname, params: {} };
  const params = Object.fromEntries(route.params.map((name, i) => [name, decodedId(raw[i]!)]));
  return { path: fillPath(route.path, params), params };
}

function decodedId(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    if (EVENT_ID_PATTERN.test(decoded)) return decoded;
  } catch {
    // Malformed escapes: keep the raw segment.
  }
  return segment;
}

export function createRestHandler(createContext: CreateContext, log: Logger) {
  const routes = collectRoutes(appRouter);
  const contracts = new Map(routes.map((route) => [route.procedure, route.contract]));

  const responseMeta = ({ ctx, paths, data, errors }: { ctx?: Context; paths?: readonly string[]; data: unknown[]; errors: unknown[] }) => {
    const contract = paths?.[0] === undefined ? undefined : contracts.get(paths[0]);
    if (errors.length > 0 || !contract) return {};
    const headers: Record<string, string> = {};
    const output = data[0] as Record<string, unknown> | undefined;
    if (contract.headers?.ETag && typeof output?.version === "number" && typeof output.createdAt === "string") {
      headers.ETag = etagOf({ version: output.version, createdAt: output.createdAt });
    }
    if (contract.headers?.Location && output) headers.Location = `${ctx?.basePath ?? ""}${fillPath(contract.headers.Location, output)}`;
    if (contract.personal) Object.assign(headers, PERSONAL_HEADERS);
    if (contract.list && output && ctx) {
      const page = output as { items: unknown[]; nextCursor: string | null };
      if (page.nextCursor) headers.Link = nextPageLink(ctx.url, ctx.basePath, page.nextCursor);
      // The bridge serializes this same object next: the REST body is the page's items alone.
      Object.defineProperty(page, "toJSON", { value: () => page.items });
    }
    return { status: contract.success, headers };
  };
  const callBridge = createBridge({ createContext, responseMeta });

  return async function handleRest(request: Request, requestId?: string): Promise<Response> {
    const url = new URL(request.url);
    const match = matchRoute(routes, request.method, url.pathname);
    if (!match) return notFoundResponse();
    if ("allow" in match) return methodNotAllowedResponse(request.method, match.allow);
    const { route } = match;
    const { path, params } = decodedPath(url.pathname, route);

    let body: object | undefined;
    if (route.takesBody) {
      const checked = await readJsonObject(request, route.method, params);
      if ("problem" in checked) return checked.problem;
      body = checked.value;
    }

    // The bridge reads a POST's or PUT's input from a body declared `application/json...` (case-sensitively):
    // ours was checked above (`+json` types included), and a write whose input is all in its path gets `{}`.
    const bridgeReadsBody = route.method === "POST" || route.method === "PUT";
    const { response, failure } = await callBridge(request, {
      url: `${url.origin}${path}${safeSearch(url)}`,
      method: route.method,
      ...(bridgeReadsBody && !request.headers.get("content-type")?.startsWith("application/json")
        ? { headers: withJsonType(request.headers) }
        : {}),
      body: bridgeReadsBody ? (body ?? {}) : body,
    });

    if (failure) {
      const described = describeError(failure);
      if (described.status === 500) logInternalError(log, failure, route, requestId);
      return describedProblem(described);
    }
    // A read whose ETag the client already holds: 304, that ETag, no body (RFC 9110 §13.1.2).
    const etag = response.headers.get("etag");
    if (route.method === "GET" && etag !== null && isNotModified(request.headers.get("if-none-match"), etag)) {
      return new Response(null, { status: 304, headers: { ETag: etag } });
    }
    const bodiless = response.status === 204 || response.status === 202;
    if (bodiless || request.method === "HEAD") {
      const clean = new Headers(response.headers);
      if (bodiless) clean.delete("content-type");
      return new Response(null, { status: response.status, headers: clean });
    }
    return response;
  };
}

/**
 * The query string without parameters named like Object.prototype's members
 * (`constructor`, `__proto__`, `toString`...): trpc-to-openapi gathers the
 * query into a plain object, where such a key finds the inherited member and
 * fails. No parameter of ours has such a name, and unknown ones are ignored.
 */
function safeSearch(url: URL): string {
  const unsafe = [...url.searchParams.keys()].filter((key) => key === "__proto__" || key in Object.prototype);
  if (unsafe.length === 0) return url.search;
  const kept = new URLSearchParams(url.searchParams);
  for (const key of unsafe) kept.delete(key);
  return kept.size > 0 ? `?${kept}` : "";
}

function withJsonType(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set("content-type", "application/json");
  return copy;
}

function logInternalError(log: Logger, error: TRPCError, route: RestRoute, requestId: string | undefined) {
  log({ level: "error", msg: "internal error", requestId, route: `${route.method} ${route.path}`, error: errorField(error.cause ?? error) });
}

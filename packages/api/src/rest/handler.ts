/**
 * The REST bridge: serves the procedures' `openapi` paths through
 * trpc-to-openapi, and adds what the contract asks of REST that the bridge
 * leaves out: 404 vs 405 + Allow, strict JSON bodies (415, 400, UTF-8),
 * statuses and headers per operation (201 + Location, 204, ETag, Link), and
 * RFC 9457 problem details for every error.
 */
import type { TRPCError } from "@trpc/server";
import { EVENT_ID_PATTERN, type Event } from "@events/core";
import type { Context } from "../trpc/context.js";
import { describeError } from "../trpc/errors.js";
import type { Logger } from "../http/access-log.js";
import { etagOf } from "../trpc/if-match.js";
import { OPERATION_RESPONSES } from "./responses.js";
import { problemResponse } from "./problem.js";
import { restRouter } from "./router.js";
import { createBridge } from "./bridge.js";
import { collectRoutes, matchRoute, type RestRoute } from "./routes.js";
import { JSON_CONTENT_TYPE, strictUtf8 } from "../http/json-body.js";


type BodyCheck = { value: object } | { problem: Response };

/** Reads a write's body: JSON object, UTF-8, and for PUT an eventId that matches the path. */
async function readJsonObject(request: Request, route: RestRoute, pathEventId: string | undefined): Promise<BodyCheck> {
  const type = request.headers.get("content-type");
  if (!type || !JSON_CONTENT_TYPE.test(type)) {
    return { problem: problemResponse(415, "Content-Type must be application/json") };
  }
  let text: string;
  try {
    text = strictUtf8.decode(await request.arrayBuffer());
  } catch {
    return { problem: problemResponse(400, "Request body is not valid UTF-8") };
  }
  if (text.trim() === "") {
    return route.method === "PUT"
      ? { problem: problemResponse(400, "No fields to update") }
      : { problem: problemResponse(422, "body is required", { errors: [{ field: "body", message: "is required" }] }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: problemResponse(400, "Request body is not valid JSON") };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const errors = [{ field: "body", message: "must be a JSON object" }];
    return { problem: problemResponse(422, "body must be a JSON object", { errors }) };
  }
  if (pathEventId !== undefined && "eventId" in value && value.eventId !== pathEventId) {
    const errors = [{ field: "eventId", message: "must match the eventId in the path (an event's id never changes)" }];
    return { problem: problemResponse(422, `eventId ${errors[0]!.message}`, { errors }) };
  }
  return { value };
}

/**
 * The path with its parameter decoded where that yields a valid id
 * (`EVT%2D1` is `EVT-1`); the bridge itself does not decode. Anything else
 * stays as sent, names no event, and is not found.
 */
function decodedPath(pathname: string, route: RestRoute): { path: string; eventId?: string } {
  const raw = route.pattern.exec(pathname.replace(/\/$/, ""))?.[1];
  if (raw === undefined) return { path: pathname };
  let eventId = raw;
  try {
    const decoded = decodeURIComponent(raw);
    if (EVENT_ID_PATTERN.test(decoded)) eventId = decoded;
  } catch {
    // Malformed escapes: keep the raw segment.
  }
  return { path: route.path.replace(/\{[^}]+\}/, eventId), eventId };
}

export function createRestHandler(createContext: (opts: { req: Request }) => Context, log: Logger) {
  const routes = collectRoutes(restRouter);

  const responseMeta = ({ ctx, paths, data, errors }: { ctx?: Context; paths?: readonly string[]; data: unknown[]; errors: unknown[] }) => {
    const spec = paths?.[0] === undefined ? undefined : OPERATION_RESPONSES[paths[0]];
    if (errors.length > 0 || !spec) return {};
    const headers: Record<string, string> = {};
    const output = data[0] as Partial<Event> | undefined;
    if (spec.headers.includes("ETag") && output?.version !== undefined) headers.ETag = etagOf(output.version);
    if (spec.headers.includes("Location") && output?.eventId !== undefined) headers.Location = `${ctx?.basePath ?? ""}/events/${output.eventId}`;
    if (ctx) Object.assign(headers, ctx.responseHeaders);
    return { status: spec.success, headers };
  };
  const callBridge = createBridge({ createContext, responseMeta });

  return async function handleRest(request: Request, requestId?: string): Promise<Response> {
    const url = new URL(request.url);
    const match = matchRoute(routes, request.method, url.pathname);
    if (!match) return problemResponse(404, "Not found");
    if ("allow" in match) {
      return problemResponse(405, `Method ${request.method} is not allowed on this path`, {
        headers: { Allow: match.allow.join(", ") },
      });
    }
    const { route } = match;
    const { path, eventId } = decodedPath(url.pathname, route);

    let body: object | undefined;
    if (route.method === "POST" || route.method === "PUT") {
      const checked = await readJsonObject(request, route, route.method === "PUT" ? eventId : undefined);
      if ("problem" in checked) return checked.problem;
      body = checked.value;
    }

    const { response, failure } = await callBridge(request, {
      url: `${url.origin}${path}${safeSearch(url)}`,
      method: route.method,
      // The bridge only checks that a body was declared `application/json...`
      // (case-sensitively); ours was checked above, `+json` types included.
      ...(body !== undefined && !request.headers.get("content-type")?.startsWith("application/json")
        ? { headers: withJsonType(request.headers) }
        : {}),
      body,
    });

    if (failure) {
      const { status, detail, errors } = describeError(failure);
      if (status === 500) logInternalError(log, failure, route, requestId);
      return problemResponse(status, detail, errors ? { errors } : {});
    }
    if (response.status === 204 || request.method === "HEAD") {
      const clean = new Headers(response.headers);
      if (response.status === 204) clean.delete("content-type");
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
  const cause = error.cause ?? error;
  log({
    level: "error",
    msg: "internal error",
    requestId,
    route: `${route.method} ${route.path}`,
    error: cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : String(cause),
  });
}

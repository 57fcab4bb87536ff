/**
 * The one HTTP app: REST paths, /trpc, /openapi.json, /docs and /health. It
 * speaks only the Fetch API (Request in, Response out), so the same app runs
 * in the local Node server, in tests and in AWS Lambda.
 */
import { Hono, type Context as HonoContext } from "hono";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { StoreUnavailableError, type CalendarTokens, type EventService, type RegistrationService, type WebhookService } from "@events/core";
import { createContextFactory } from "../trpc/context.js";
import { createRestHandler } from "../rest/handler.js";
import { createCredentials, type CredentialOptions } from "../protocol/credentials.js";
import { basePathOf } from "../protocol/base-path.js";
import { CORS_POLICY } from "../protocol/edge-policy.js";
import { BODY_PROBLEMS, MAX_BODY_BYTES } from "../protocol/json-body.js";
import { INTERNAL } from "../protocol/error-table.js";
import { errorField, jsonLogger, type Logger } from "../protocol/logger.js";
import { loggedPath } from "../protocol/logged-path.js";
import { methodNotAllowedResponse, notFoundResponse, problemResponse } from "../protocol/problem.js";
import { TRPC_PREFIX } from "../protocol/trpc-envelope.js";
import { mountDocs } from "./docs.js";
import { FEED_PATHS, honoPath, mountFeeds } from "./feeds.js";
import { buildDocument } from "./paths.js";
import { corsAfterHandler, echoRequestId } from "./after-handler.js";
import { accessLog } from "./access-log.js";
import { cachedReachability, type HealthOptions } from "./health.js";
import { securityHeaders } from "./security.js";
import { createTrpcEndpoint, trpcErrorResponse } from "./trpc-endpoint.js";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface AppOptions {
  events: EventService;
  registrations: RegistrationService;
  /** People's secret calendar addresses; without them none resolves and none can be issued (503). */
  calendarTokens?: CalendarTokens;
  /** Webhook endpoints and their deliveries; without them every webhook operation is a 503. */
  webhooks?: WebhookService;
  /** Whether the store answers (for /health, which asks at most once per `health.cacheMs`). */
  isStoreReachable: () => Promise<boolean>;
  /** How long /health reuses a reachability check (default 5 s), and its clock. */
  health?: HealthOptions;
  /** Allowed CORS origins; `*` for any. */
  corsOrigins?: "*" | string[];
  /** Version shown in the OpenAPI document. */
  version?: string;
  /** Service keys, comma-separated (`API_KEY`): with one, the API is secured. */
  apiKey?: string;
  /** The issuer of people's access tokens: with one, the API is secured. */
  auth?: CredentialOptions["auth"];
  /** Where the structured JSON log lines go (one per request, plus errors). */
  log?: Logger;
  /** Events a calendar feed reads per list page (default: the most a feed holds, so one page). */
  feedPageSize?: number;
}

/** An app built without calendar tokens (a test's): no secret address resolves, and none is issued. */
const NO_CALENDAR_TOKENS: CalendarTokens = {
  issue: () => Promise.reject(new StoreUnavailableError()),
  revoke: () => Promise.reject(new StoreUnavailableError()),
  userFor: () => Promise.resolve(undefined),
};

/** An app built without webhooks (a test's, a tool's): every webhook operation is a 503, nothing is half-done. */
const unavailable = () => Promise.reject(new StoreUnavailableError());
const NO_WEBHOOKS: WebhookService = {
  create: unavailable,
  list: unavailable,
  get: unavailable,
  update: unavailable,
  delete: unavailable,
  rotateSecret: unavailable,
  deliveries: unavailable,
  retry: unavailable,
};

/** GET-only paths answer other methods with 405 and an Allow header. */
function getOnly(app: Hono, path: string) {
  app.all(path, (c) => methodNotAllowedResponse(c.req.method, ["GET", "HEAD", "OPTIONS"]));
}

export function createApp(options: AppOptions): Hono {
  const log = options.log ?? jsonLogger();
  const credentials = createCredentials({ apiKey: options.apiKey, auth: options.auth, log });
  const calendarTokens = options.calendarTokens ?? NO_CALENDAR_TOKENS;
  const createContext = createContextFactory({ ...options, calendarTokens, webhooks: options.webhooks ?? NO_WEBHOOKS }, credentials);
  const handleRest = createRestHandler(createContext, log);
  const isStoreReachable = cachedReachability(options.isStoreReachable, options.health);
  // Built on first request, not at start: it is the slowest part of start-up
  // and most processes (every Lambda cold start) never serve it.
  let openApiDocument: ReturnType<typeof buildDocument> | undefined;

  const app = new Hono();

  // A response sent before the request body was read (413, 415, 404, ...)
  // leaves that body on the connection, and the Node server then drops the
  // connection mid keep-alive. Say so up front: the client opens a new one.
  app.use(async (c, next) => {
    // Header checks only: touching `body` would build a stream for every request.
    const hasBody = c.req.header("content-length") !== undefined || c.req.header("transfer-encoding") !== undefined;
    if (!hasBody) return next();
    const original = c.req.raw;
    await next();
    if (!original.bodyUsed && !c.req.raw.bodyUsed && c.req.header("content-length") !== "0") c.res.headers.set("Connection", "close");
  });
  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(echoRequestId("X-Request-Id"));
  app.use(accessLog(log));
  app.use(securityHeaders());
  app.use(
    corsAfterHandler(cors({
      origin: options.corsOrigins ?? "*",
      allowMethods: [...CORS_POLICY.allowMethods],
      allowHeaders: [...CORS_POLICY.allowHeaders],
      exposeHeaders: [...CORS_POLICY.exposeHeaders],
      maxAge: CORS_POLICY.maxAgeSeconds,
    })),
  );
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.req.path.startsWith(TRPC_PREFIX)
        ? trpcErrorResponse(c.req.raw, 413, "PAYLOAD_TOO_LARGE", BODY_PROBLEMS.tooLarge)
        : problemResponse(413, BODY_PROBLEMS.tooLarge),
  });
  // Only requests that may carry a body pay for the limit's stream wrapper.
  app.use((c, next) => (WRITE_METHODS.has(c.req.method) ? limitBody(c, next) : next()));

  app.get("/health", async (c) =>
    (await isStoreReachable())
      ? c.json({ status: "healthy" })
      : problemResponse(503, "The event store cannot be reached"),
  );
  getOnly(app, "/health");

  app.get("/openapi.json", (c) => {
    // Try-it calls go to where clients reach the API (stage or proxy prefix included).
    const base = basePathOf(c.req.raw.headers) || "/";
    openApiDocument ??= buildDocument({
      version: options.version ?? "0.0.0",
      ...(options.auth && { auth: { issuer: options.auth.issuer, audience: options.auth.audience } }),
    });
    return c.json({ ...openApiDocument, servers: [{ url: base }] });
  });
  getOnly(app, "/openapi.json");

  app.use("/docs/*", compress());
  mountDocs(app);
  getOnly(app, "/docs");

  // Before the REST paths: `/events/{eventId}` would otherwise read `/events/a/calendar.ics` as unknown.
  mountFeeds(app, {
    events: options.events,
    registrations: options.registrations,
    calendarTokens,
    credentials,
    ...(options.feedPageSize ? { pageSize: options.feedPageSize } : {}),
  });
  for (const path of Object.values(FEED_PATHS)) getOnly(app, honoPath(path));

  app.all("/trpc/*", createTrpcEndpoint({ createContext, onInternalError: (c, error) => logError(log, c, error) }));

  app.all("*", (c) => handleRest(c.req.raw, c.get("requestId")));

  app.notFound(notFoundResponse);
  app.onError((error, c) => {
    // The client went away or cut its body short: nothing of ours failed.
    if (isAbortedRequest(error)) return problemResponse(400, "The request body was cut off", { headers: { Connection: "close" } });
    logError(log, c, error);
    return problemResponse(INTERNAL.status, INTERNAL.detail);
  });
  return app;
}

function isAbortedRequest(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown; name?: unknown } | null;
  return e?.message === "aborted" || e?.code === "ECONNRESET" || e?.name === "AbortError";
}

function logError(log: Logger, c: HonoContext, error: unknown) {
  log({
    level: "error",
    msg: "internal error",
    requestId: c.get("requestId"),
    method: c.req.method,
    path: loggedPath(c.req.path),
    error: errorField(error),
  });
}

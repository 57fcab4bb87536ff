/**
 * Realistic API Gateway events for the Lambda tests (lambda-*.test.ts): the
 * shapes API Gateway really sends a Lambda proxy integration, built from one
 * description of the HTTP request a client made.
 *
 * - HTTP API, payload format 2.0 (what `sst.aws.ApiGatewayV2` sends): the
 *   path percent-decoded (`rawPath`, unlike its name), header names lower-cased, repeated headers joined with commas, cookies moved out of
 *   the headers into `cookies`, the query string both raw (`rawQueryString`)
 *   and parsed (`queryStringParameters`, repeated values joined with commas),
 *   the route that matched (`routeKey`, `pathParameters`), stage `$default`,
 *   no `body` key when there is no body.
 * - REST API, payload format 1.0: header names as the client sent them,
 *   `headers` (last value of a repeated header) and `multiValueHeaders` (all of
 *   them), the same for query strings, `null` for everything absent, `path`
 *   without the stage and `requestContext.path` with it (`/prod/events`).
 *
 * Shapes follow AWS's documented examples
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html).
 */
import { createHash, randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { APIGatewayProxyResult, LambdaContext } from "hono/aws-lambda";
import { ROUTES } from "../../../stacks/http.js";
import { newEvent } from "./harness.js";
import { parseJson } from "../../../test-support/index.js";

export const API_ID = "a1b2c3d4e5";
export const REGION = "us-east-1";
export const DOMAIN = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
const ACCOUNT = "123456789012";
const SOURCE_IP = "203.0.113.10";

/** What a client sent, before API Gateway turned it into an event. */
export interface ClientRequest {
  method: string;
  /**
   * Path and query string as the client sent them (percent-encoded), e.g.
   * `/events?status=published&limit=2`. For a REST API this is the path after
   * the stage: the client itself called `/prod/events?...`.
   */
  url: string;
  /**
   * Headers in the client's spelling, in order; repeat a name for a header sent
   * more than once. `User-Agent` and `Accept` default to curl's.
   */
  headers?: [name: string, value: string][];
  /** The body: a string as is, anything else as JSON (with `Content-Type: application/json` unless given). */
  body?: unknown;
  /** API Gateway hands the body over base64-encoded (binary media types, or `*\/*`). */
  base64?: boolean;
}

export interface V2Event {
  version: "2.0";
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface V1Event {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: {
    accountId: string;
    apiId: string;
    domainName: string;
    domainPrefix: string;
    extendedRequestId: string;
    httpMethod: string;
    identity: Record<string, string | null>;
    path: string;
    protocol: string;
    requestId: string;
    requestTime: string;
    requestTimeEpoch: number;
    resourceId: string;
    resourcePath: string;
    stage: string;
  };
  body: string | null;
  isBase64Encoded: boolean;
}

export type ApiGatewayEvent = V1Event | V2Event;

/** What the handler returned (the adapter's result type, loosened to both shapes). */
export type LambdaResult = APIGatewayProxyResult;

// ---------------------------------------------------------------------------

let sequence = 0;
/** Fixed clock for the events: tests stay deterministic. */
const EPOCH = Date.UTC(2025, 2, 12, 19, 3, 58);

function clfTime(epoch: number): string {
  // API Gateway's `12/Mar/2025:19:03:58 +0000`.
  const d = new Date(epoch);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function traceId(n: number): string {
  return `Root=1-67d1dabe-${createHash("sha1").update(String(n)).digest("hex").slice(0, 24)}`;
}

interface Prepared {
  method: string;
  path: string;
  query: string;
  /** Decoded query pairs, in order. */
  pairs: [string, string][];
  /** Client headers plus what API Gateway adds, in order. */
  headers: [string, string][];
  body: string | undefined;
  base64: boolean;
  userAgent: string;
  n: number;
}

function decodeQueryComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function prepare(request: ClientRequest): Prepared {
  const n = ++sequence;
  const hashAt = request.url.indexOf("#");
  const url = hashAt === -1 ? request.url : request.url.slice(0, hashAt);
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? "" : url.slice(queryAt + 1);
  const pairs = query
    .split("&")
    .filter(Boolean)
    .map((part): [string, string] => {
      const eq = part.indexOf("=");
      return eq === -1
        ? [decodeQueryComponent(part), ""]
        : [decodeQueryComponent(part.slice(0, eq)), decodeQueryComponent(part.slice(eq + 1))];
    });

  const headers: [string, string][] = [...(request.headers ?? [])];
  const has = (name: string) => headers.some(([key]) => key.toLowerCase() === name.toLowerCase());
  if (!has("user-agent")) headers.unshift(["User-Agent", "curl/8.5.0"]);
  if (!has("accept")) headers.unshift(["Accept", "*/*"]);

  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== "string" && !has("content-type")) headers.push(["Content-Type", "application/json"]);
    if (!has("content-length")) headers.push(["Content-Length", String(Buffer.byteLength(body))]);
  }
  // What API Gateway adds in front of the function; it appends the caller's
  // address to an X-Forwarded-For the client sent, and sets one otherwise.
  const forwarded = headers.map(([key]) => key.toLowerCase()).lastIndexOf("x-forwarded-for");
  if (forwarded === -1) headers.push(["X-Forwarded-For", SOURCE_IP]);
  else headers[forwarded] = [headers[forwarded]![0], `${headers[forwarded]![1]}, ${SOURCE_IP}`];
  headers.push(
    ["Host", DOMAIN],
    ["X-Amzn-Trace-Id", traceId(n)],
    ["X-Forwarded-Port", "443"],
    ["X-Forwarded-Proto", "https"],
  );
  const userAgent = [...headers].reverse().find(([key]) => key.toLowerCase() === "user-agent")?.[1] ?? "";
  return {
    method: request.method,
    path,
    query,
    pairs,
    headers,
    body: body === undefined ? undefined : request.base64 ? Buffer.from(body, "utf8").toString("base64") : body,
    base64: body !== undefined && request.base64 === true,
    userAgent,
    n,
  };
}

/**
 * The HTTP API's routes, as stacks/http.ts declares them for the one function
 * (`ANY`, so every method reaches the app); anything else goes to `$default`.
 * Only the event's `routeKey` and `pathParameters` depend on them.
 */
const V2_ROUTES = ROUTES.filter((route) => route !== "$default");

function matchV2Route(path: string): { routeKey: string; pathParameters?: Record<string, string> } {
  for (const routeKey of V2_ROUTES) {
    const template = routeKey.slice("ANY ".length);
    const names: string[] = [];
    const source = template.replace(/[.]/g, "\\.").replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
      names.push(name);
      return greedy ? "(.+)" : "([^/]+)";
    });
    const match = new RegExp(`^${source}$`).exec(path);
    if (!match) continue;
    if (names.length === 0) return { routeKey };
    return { routeKey, pathParameters: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return { routeKey: "$default" };
}

/** An HTTP API (payload 2.0) event on the `$default` stage (what `sst.aws.ApiGatewayV2` deploys). */
export function v2Event(request: ClientRequest): V2Event {
  const p = prepare(request);
  // HTTP APIs hand over the path percent-decoded (REST APIs keep it encoded).
  const path = decodePath(p.path);
  const { routeKey, pathParameters } = matchV2Route(path);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of p.headers) {
    const key = name.toLowerCase();
    if (key === "cookie") {
      cookies.push(...value.split(";").map((c) => c.trim()).filter(Boolean));
      continue;
    }
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of p.pairs) {
    queryStringParameters[key] = key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }
  const event: V2Event = {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: p.query,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(p.pairs.length > 0 ? { queryStringParameters } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: { method: p.method, path, protocol: "HTTP/1.1", sourceIp: SOURCE_IP, userAgent: p.userAgent },
      requestId: `HgXk${String(p.n).padStart(6, "0")}EMA=`,
      routeKey,
      stage: "$default",
      time: clfTime(EPOCH + p.n * 1000),
      timeEpoch: EPOCH + p.n * 1000,
    },
    isBase64Encoded: p.base64,
  };
  if (p.body !== undefined) event.body = p.body;
  return event;
}

export interface V1Options {
  /** The stage the client called, e.g. `prod` in `/prod/events`. */
  stage?: string;
}

/**
 * A REST API (payload 1.0) event through a `/{proxy+}` resource with the
 * Lambda proxy integration (and `ANY /` for the root), on the stage `prod`.
 */
export function v1Event(request: ClientRequest, options: V1Options = {}): V1Event {
  const stage = options.stage ?? "prod";
  const p = prepare(request);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of p.headers) {
    // Keyed in the spelling the client used first; the single-value map keeps the last value.
    const key = Object.keys(multiValueHeaders).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    (multiValueHeaders[key] ??= []).push(value);
    headers[key] = value;
  }
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [key, value] of p.pairs) {
    (multi[key] ??= []).push(value);
    single[key] = value;
  }
  const resource = p.path === "/" ? "/" : "/{proxy+}";
  return {
    resource,
    path: p.path,
    httpMethod: p.method,
    headers,
    multiValueHeaders,
    queryStringParameters: p.pairs.length > 0 ? single : null,
    multiValueQueryStringParameters: p.pairs.length > 0 ? multi : null,
    pathParameters: resource === "/" ? null : { proxy: decodeQueryComponent(p.path.slice(1)) },
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      domainName: DOMAIN,
      domainPrefix: API_ID,
      extendedRequestId: `HgXk${String(p.n).padStart(6, "0")}FQ=`,
      httpMethod: p.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: SOURCE_IP,
        user: null,
        userAgent: p.userAgent,
        userArn: null,
      },
      path: `/${stage}${p.path}`,
      protocol: "HTTP/1.1",
      requestId: randomUUIDFor(p.n),
      requestTime: clfTime(EPOCH + p.n * 1000),
      requestTimeEpoch: EPOCH + p.n * 1000,
      resourceId: "x1y2z3",
      resourcePath: resource,
      stage,
    },
    body: p.body ?? null,
    isBase64Encoded: p.base64,
  };
}

/** A stable UUID-shaped id per event number (deterministic). */
function randomUUIDFor(n: number): string {
  const hex = createHash("sha1").update(`request-${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The context object the Lambda runtime passes with each invocation. */
export function lambdaContext(): LambdaContext {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "events-api-test-ApiFunction",
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:events-api-test-ApiFunction`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/events-api-test-ApiFunction",
    logStreamName: "2025/03/12/[$LATEST]0123456789abcdef0123456789abcdef",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

// ---------------------------------------------------------------------------

/** A handler's result read the way API Gateway turns it into an HTTP response. */
export interface Reply {
  status: number;
  headers: Headers;
  /** The body as text (base64 bodies decoded, gzip bodies unzipped). */
  text: string;
  /** The body parsed as JSON, or undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Exactly what the handler returned. */
  raw: LambdaResult;
}

export function readResult(raw: LambdaResult): Reply {
  const headers = new Headers();
  if (raw.multiValueHeaders) {
    for (const [name, values] of Object.entries(raw.multiValueHeaders)) for (const v of values) headers.append(name, v);
  }
  if (raw.headers) {
    for (const [name, value] of Object.entries(raw.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
  }
  let bytes = raw.isBase64Encoded ? Buffer.from(raw.body, "base64") : Buffer.from(raw.body, "utf8");
  if (raw.isBase64Encoded && /^gzip$/i.test(headers.get("content-encoding") ?? "")) bytes = gunzipSync(bytes);
  const text = bytes.toString("utf8");
  return { status: raw.statusCode, headers, text, body: parseJson(text), raw };
}

// ---------------------------------------------------------------------------

/** A valid event body (the harness's); override any field. */
export function sampleEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return newEvent(overrides);
}

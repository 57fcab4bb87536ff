/**
 * Loads the real Lambda entry (src/lambda.ts) the way the Lambda runtime
 * does, once per test file: configuration in the environment first, then the
 * module import (which reads it), then invocations with API Gateway events and
 * a Lambda context. The table lives in a fresh in-memory store (EVENTS_TEST_STORE
 * picks which).
 *
 * vitest gives each test file its own module registry, so every file imports
 * a fresh copy of the entry with the environment it set.
 */
import { afterAll, expect, vi } from "vitest";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, ensureTable } from "@events/core";
import {
  lambdaContext,
  readResult,
  type ApiGatewayEvent,
  type ClientRequest,
  type LambdaResult,
  type Reply,
} from "./lambda-events.js";

export const TABLE_NAME = "LambdaEvents";

/** A deployed function refuses open mode and keys under 32 characters: the tests' service key. */
export const LAMBDA_API_KEY = "lambda-test-service-key-0123456789abcdef";

/** A deployed function refuses to start without the webhook secrets' KMS key: an id of the stacks' form. */
export const LAMBDA_KMS_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

export interface LambdaApi {
  /** The event API Gateway would send for this request. */
  event(request: ClientRequest): ApiGatewayEvent;
  /** Invokes the handler with exactly this event. */
  invoke(event: ApiGatewayEvent): Promise<Reply>;
  /** Builds the event for what a client sent, invokes the handler, and checks the reply has an X-Request-Id. */
  send(request: ClientRequest): Promise<Reply>;
}

/**
 * The variables the Lambda runtime would set for the function, and the
 * optional settings left unset (undefined) so that the contract's defaults
 * apply whatever the machine's environment holds: any CORS origin, no issuer;
 * a service key, as a deployed function must have one (or an issuer).
 */
function lambdaEnvironment(endpoint: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    DYNAMODB_TABLE_NAME: TABLE_NAME,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDLAMBDATEST",
    AWS_SECRET_ACCESS_KEY: "lambda-test-secret",
    AWS_LAMBDA_FUNCTION_NAME: "events-api-test-ApiFunction",
    CORS_ORIGINS: undefined,
    API_KEY: LAMBDA_API_KEY,
    // As the stacks set it (the key is used only when a webhook secret is made or read).
    WEBHOOK_KMS_KEY_ID: LAMBDA_KMS_KEY_ID,
    AUTH_ISSUER: undefined,
    AUTH_AUDIENCE: undefined,
    // Not under `sst dev`/`sst shell`: no linked resources (the table comes from DYNAMODB_TABLE_NAME).
    ...Object.fromEntries(Object.keys(process.env).filter((key) => key.startsWith("SST_RESOURCE_")).map((key) => [key, undefined])),
  };
}

function applyEnvironment(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** A test's header that asks for no credential at all (the "anyone" caller); removed before the handler sees it. */
const ANYONE_HEADER = "x-test-anyone";
export const ANYONE: [string, string][] = [[ANYONE_HEADER, "1"]];

/**
 * Every invocation comes from a service holding the key, unless its event carries a credential of
 * its own, or asks to come from anyone.
 */
function withServiceKey(event: ApiGatewayEvent): ApiGatewayEvent {
  const e = event as { headers?: Record<string, string> | null; multiValueHeaders?: Record<string, string[]> | null };
  const names = Object.keys(e.headers ?? e.multiValueHeaders ?? {}).map((name) => name.toLowerCase());
  if (names.includes(ANYONE_HEADER)) {
    const without = <T>(headers: Record<string, T>) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== ANYONE_HEADER));
    return {
      ...event,
      ...(e.headers && { headers: without(e.headers) }),
      ...(e.multiValueHeaders && { multiValueHeaders: without(e.multiValueHeaders) }),
    } as ApiGatewayEvent;
  }
  if (names.includes("x-api-key") || names.includes("authorization")) return event;
  return {
    ...event,
    ...(e.headers && { headers: { ...e.headers, "x-api-key": LAMBDA_API_KEY } }),
    ...(e.multiValueHeaders && { multiValueHeaders: { ...e.multiValueHeaders, "x-api-key": [LAMBDA_API_KEY] } }),
  } as ApiGatewayEvent;
}

export async function startLambda(
  build: (request: ClientRequest) => ApiGatewayEvent,
  /** More of the function's environment (AUTH_ISSUER, AUTH_AUDIENCE, ...). */
  extraEnvironment: Record<string, string | undefined> = {},
): Promise<LambdaApi> {
  const store = await startStore();
  const environment = { ...lambdaEnvironment(store.endpoint), ...extraEnvironment };
  const saved = Object.fromEntries(Object.keys(environment).map((key) => [key, process.env[key]]));
  applyEnvironment(environment);
  afterAll(async () => {
    applyEnvironment(saved);
    await store.close();
  });
  // With the function's credentials: DynamoDB Local keeps one database per access key.
  const setup = createDynamoClient({ endpoint: store.endpoint });
  await ensureTable(setup, TABLE_NAME);
  setup.destroy();

  // One access-log line per request would bury the test output; errors still show.
  const log = console.log.bind(console);
  const quiet = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes('"msg":"request"')) return;
    log(...args);
  });
  afterAll(() => quiet.mockRestore());

  const { handler } = await import("../src/lambda.js");

  const invoke = async (event: ApiGatewayEvent): Promise<Reply> => {
    // The adapter's own event types are narrower than what API Gateway sends (nulls, absent keys).
    const result = (await handler(withServiceKey(event) as never, lambdaContext())) as LambdaResult;
    expectResultShape(event, result);
    return readResult(result);
  };
  return {
    event: build,
    invoke,
    async send(request) {
      const reply = await invoke(build(request));
      expect(reply.headers.get("x-request-id"), `${request.method} ${request.url}: no X-Request-Id`).toBeTruthy();
      return reply;
    },
  };
}

/**
 * What API Gateway needs back, checked on every invocation: a status, a string
 * body, headers in the form the event used (`multiValueHeaders` when the event
 * had them, `headers` otherwise), and text (JSON, HTML, problem details) not
 * base64-encoded unless compressed.
 */
function expectResultShape(event: ApiGatewayEvent, result: LambdaResult) {
  expect(Number.isInteger(result.statusCode)).toBe(true);
  expect(typeof result.body).toBe("string");
  expect(typeof result.isBase64Encoded).toBe("boolean");
  const multi = "multiValueHeaders" in event && event.multiValueHeaders;
  if (multi) {
    expect(result.multiValueHeaders).toBeTypeOf("object");
    expect(result.headers).toBeUndefined();
  } else {
    expect(result.headers).toBeTypeOf("object");
    expect(result.multiValueHeaders).toBeUndefined();
  }
  const header = (name: string) => {
    const value = result.multiValueHeaders?.[name] ?? result.headers?.[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const type = header("content-type") ?? "";
  if (!header("content-encoding") && /json|^text\//i.test(type)) expect(result.isBase64Encoded, type).toBe(false);
}

/** JSON request helper: `body` as JSON (or a string as is), extra headers as pairs. */
export function jsonRequest(
  method: string,
  url: string,
  body?: unknown,
  headers: [string, string][] = [],
): ClientRequest {
  return { method, url, headers, ...(body === undefined ? {} : { body }) };
}

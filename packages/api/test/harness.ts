/**
 * Starts the real HTTP app on a loopback port over a fresh in-memory store
 * (EVENTS_TEST_STORE picks which), once per test file. Tests talk to it with fetch, as any client would.
 */
import { afterAll } from "vitest";
import { createServer, type AddressInfo } from "node:net";
import { readJson, startStore, validEvent, type JsonResponse } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable, type Dispatcher, type Services, type WebhooksOptions } from "@events/core";
import { createApp, createNodeServer, type AppOptions } from "../src/index.js";
import { jsonLogger } from "../src/index.js";
import { createSender, localCipher, randomLocalKey, urlPolicy } from "../src/outbound/index.js";
import { DEFAULT_DISPATCH_INTERVAL_MS } from "../src/runtime/config.js";

export interface TestApi {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** fetch relative to the API. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** JSON request helper: sends `body` as JSON, returns status, headers and parsed body. */
  json(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** The store behind the app, and the services over it (bulkLoad loads many events at once). */
  dynamo: { client: ReturnType<typeof createDynamoClient>; tableName: string; services: Services };
  /** The app's webhook dispatcher (running every `dispatchIntervalMs` unless that is `false`): `deliver` and `sweep` may be called too. */
  dispatcher: Dispatcher;
}

/** The webhooks of `pnpm start` (a local key, any address), with a fresh key per call; anything else overridden. */
export function testWebhooksOptions(overrides: Partial<WebhooksOptions> = {}): WebhooksOptions {
  return { cipher: localCipher(randomLocalKey()), send: createSender({ addresses: "any" }), urlPolicy: urlPolicy("local"), ...overrides };
}

export interface TestWebhooks extends Partial<WebhooksOptions> {
  /** How often the dispatcher sweeps (default 250 ms, as `pnpm start`); `false`: not at all (a test calls it). */
  dispatchIntervalMs?: number | false;
}

export type { JsonResponse };

export async function startTestApi(
  { webhooks: webhookOptions = {}, ...options }: Partial<Pick<AppOptions, "corsOrigins" | "apiKey" | "auth" | "log" | "feedPageSize">> & {
    /** A short `retrySchedule`, another sender or URL policy, the dispatch interval. */
    webhooks?: TestWebhooks;
  } = {},
): Promise<TestApi> {
  const store = await startStore();
  // Races and bursts on a shared, busy machine: generous store time-outs, so that the store's slowness is not a
  // failure (the production defaults are in createDynamoClient; an unreachable store still fails at once).
  const client = createDynamoClient({ endpoint: store.endpoint, requestTimeoutMs: 15_000, connectionTimeoutMs: 10_000, maxAttempts: 5 });
  await ensureTable(client, "Events");
  const { dispatchIntervalMs = DEFAULT_DISPATCH_INTERVAL_MS, ...edge } = webhookOptions;
  const services = createServices({ client, tableName: "Events", webhooks: testWebhooksOptions(edge) });
  const { dispatcher } = services;
  const dispatching = dispatchIntervalMs === false ? undefined : dispatcher.start(dispatchIntervalMs);
  const app = createApp({
    events: services.events,
    registrations: services.registrations,
    calendarTokens: services.calendarTokens,
    webhooks: services.webhooks,
    isStoreReachable: services.isReachable,
    log: jsonLogger("error"),
    ...options,
  });
  const server = createNodeServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
    await dispatching?.stop();
    client.destroy();
    await store.close();
  });

  const request = (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, init);
  return {
    baseUrl,
    request,
    dynamo: { client, tableName: "Events", services },
    dispatcher,
    async json(method, path, body, headers = {}) {
      const response = await request(path, {
        method,
        headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      return readJson(response);
    },
  };
}

/** A loopback port nothing listens on: a store that cannot be reached. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The app (not listening) over whatever answers at `endpoint`, with no table created there. */
export function appOverStore(endpoint: string, tableName = "Events") {
  const client = createDynamoClient({ endpoint });
  afterAll(() => client.destroy());
  const { events, registrations, webhooks, isReachable } = createServices({ client, tableName, webhooks: testWebhooksOptions() });
  return createApp({
    events,
    registrations,
    webhooks: webhooks!,
    isStoreReachable: isReachable,
    log: jsonLogger("silent"),
  });
}

/** A valid, published event body; override any field (with valid or invalid values). */
export function newEvent<T extends Record<string, unknown> = {}>(overrides: T = {} as T) {
  return validEvent({ status: "published" as const, ...overrides });
}

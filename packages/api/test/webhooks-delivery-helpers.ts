/**
 * What the webhook delivery tests share: an API whose dispatcher retries on a
 * short schedule, endpoints subscribed over REST with the receiver told their
 * secret, the deliveries log read to its end, and a message's key (which change
 * it reports) so that messages can be matched to the requests that made them.
 */
import { afterAll, expect } from "vitest";
import { createTRPCClient, httpLink } from "@trpc/client";
import { startDevIssuer } from "@events/dev-issuer";
import type { AppRouter } from "../src/index.js";
import { startFileReceiver, type ReceivedMessage, type WebhookReceiver } from "../../../test-support/index.js";
import { bearer } from "./auth-helpers.js";
import { startTestApi, type TestApi } from "./harness.js";

/** The retry schedule of these tests: short, so that a whole schedule plays out in a test (WEBHOOK_RETRY_SCHEDULE=200ms,400ms). */
export const SHORT_SCHEDULE_MS = [200, 400];

type ApiOptions = NonNullable<Parameters<typeof startTestApi>[0]>;

/** The test API with its dispatcher running on the short schedule. */
export function startDeliveryApi(options: ApiOptions = {}): Promise<TestApi> {
  return startTestApi({ ...options, webhooks: { retrySchedule: SHORT_SCHEDULE_MS, dispatchIntervalMs: 100 } });
}

const AUDIENCE = "http://localhost:8000";
const SERVICE_KEY = "delivery-service-key-0123456789abcdef0123";

/** A secured delivery API (people signed in by a dev issuer, a service key) and a receiver: alice's, bob's and the service's headers. */
export async function startSecuredDelivery() {
  const issuer = await startDevIssuer({ audience: AUDIENCE });
  afterAll(() => issuer.close());
  const api = await startDeliveryApi({ apiKey: SERVICE_KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
  return {
    api,
    service: asKey(SERVICE_KEY),
    alice: bearer(await issuer.token("alice")),
    bob: bearer(await issuer.token("bob")),
    receiver: await startFileReceiver(),
  };
}

export interface Subscribed {
  webhookId: string;
  secret: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Creates an endpoint at `path` on the receiver over REST, and tells the receiver its secret. */
export async function subscribe(
  api: TestApi,
  receiver: WebhookReceiver,
  path: string,
  fields: { types?: string[]; eventId?: string; description?: string } = {},
  headers: Record<string, string> = {},
): Promise<Subscribed> {
  const created = await api.json("POST", "/webhooks", { url: receiver.url(path), ...fields }, headers);
  expect(created.status, created.text).toBe(201);
  receiver.program(path, { secrets: [created.body.secret] });
  return { webhookId: created.body.webhookId, secret: created.body.secret, body: created.body };
}

export interface DeliveryView {
  messageId: string;
  type: string;
  status: "pending" | "delivered" | "failed";
  attempts: { at: string; durationMs: number; status?: number; error?: string }[];
  nextAttemptAt: string | null;
  createdAt: string;
}

/** Every page of an endpoint's deliveries log (newest first), following `Link: rel="next"`. */
export async function deliveries(api: TestApi, webhookId: string, headers: Record<string, string> = {}): Promise<DeliveryView[]> {
  const items: DeliveryView[] = [];
  let path: string | undefined = `/webhooks/${webhookId}/deliveries?limit=100`;
  while (path) {
    const page = await api.json("GET", path, undefined, headers);
    expect(page.status, page.text).toBe(200);
    items.push(...(page.body as DeliveryView[]));
    const next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
    path = next ? new URL(next, api.baseUrl).pathname + new URL(next, api.baseUrl).search : undefined;
  }
  return items;
}

/** Which change a message reports: its type, event and (for a registration) person. */
export const keyOf = (message: { json: { type: string; data: { eventId: string; userId?: string } } }) =>
  [message.json.type, message.json.data.eventId, message.json.data.userId].filter(Boolean).join(" ");

/** The keys that arrived on a path, one per distinct `webhook-id`, sorted. */
export function keysOn(receiver: WebhookReceiver, path: string): string[] {
  const byId = new Map<string, ReceivedMessage>();
  for (const message of receiver.messages(path)) byId.set(message.id, message);
  return [...byId.values()].map(keyOf).sort();
}

/**
 * Waits until exactly these keys have arrived on a path (messages to one endpoint may come in any order, and
 * each endpoint's on its own), then checks its deliveries log holds no other message still to come.
 */
export async function expectKeys(api: TestApi, receiver: WebhookReceiver, path: string, webhookId: string, keys: string[], headers: Record<string, string> = {}) {
  await expect.poll(() => keysOn(receiver, path), { timeout: 15_000, interval: 50 }).toEqual([...keys].sort());
  expect((await deliveries(api, webhookId, headers)).map((delivery) => delivery.messageId).sort()).toEqual(receiver.ids(path).sort());
}

/** The first message of this type (and key) that arrived on a path. */
export function arrived(receiver: WebhookReceiver, path: string, key: string): ReceivedMessage | undefined {
  return receiver.messages(path).find((message) => keyOf(message) === key);
}

/** Waits until a message with this key has arrived on the path, and returns it. */
export async function awaitMessage(receiver: WebhookReceiver, path: string, key: string): Promise<ReceivedMessage> {
  await expect.poll(() => arrived(receiver, path, key) !== undefined, { timeout: 15_000, interval: 50 }).toBe(true);
  return arrived(receiver, path, key)!;
}

/** A person's or a service's request headers. */
export const asKey = (key: string) => ({ "X-Api-Key": key });

/** The typed tRPC client of the test API, calling as these headers make the caller. */
export const trpcClient = (api: TestApi, headers: Record<string, string> = {}) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.baseUrl}/trpc`, headers })] });

/**
 * The client's `webhooks.*` against the real HTTP app, typed by the client's
 * own exports: subscribing (the secret once), the deliveries log, and a
 * message as a receiver gets it, parsed as `WebhookMessage` and narrowed by
 * `type` to its `data` (an Event or a Registration).
 */
import { describe, expect, it } from "vitest";
import {
  createEventsClient,
  errorCode,
  type CreatedWebhook,
  type Delivery,
  type Webhook,
  type WebhookMessage,
  type WebhookMessageType,
} from "../src/index.js";
import { newEvent, startTestApi } from "../../api/test/harness.js";
import { startFileReceiver } from "../../../test-support/index.js";

const API_KEY = "client-webhooks-key";
const api = await startTestApi({ apiKey: API_KEY });
const receiver = await startFileReceiver();
const client = createEventsClient(api.baseUrl, { apiKey: API_KEY });

/** What a receiver does with a message: `data` is an Event or a Registration, as `type` says. */
function summary(message: WebhookMessage): string {
  switch (message.type) {
    case "event.created":
    case "event.updated":
    case "event.deleted":
      return `${message.type} ${message.data.eventId} (capacity ${message.data.capacity})`;
    default:
      return `${message.type} ${message.data.userId} for ${message.data.eventId}: ${message.data.status}`;
  }
}

describe("webhooks through the typed client", () => {
  it("subscribes (the secret once), reads, and lists the deliveries of a real message, whose body is a WebhookMessage", async () => {
    const types: WebhookMessageType[] = ["event.created", "registration.created"];
    const created: CreatedWebhook = await client.webhooks.create.mutate({ url: receiver.url("/client"), types });
    expect(created.secret).toMatch(/^whsec_/);
    receiver.program("/client", { secrets: [created.secret] });
    const read: Webhook = await client.webhooks.get.query({ webhookId: created.webhookId });
    expect(read).not.toHaveProperty("secret");

    await client.events.create.mutate(newEvent({ eventId: "client-hooked", capacity: 3 }));
    await client.registrations.create.mutate({ eventId: "client-hooked", userId: "ada" });
    await expect.poll(() => receiver.messages().length, { timeout: 10_000 }).toBe(2);
    const summaries = receiver.messages().map((r) => summary(JSON.parse(r.body) as WebhookMessage)).sort();
    expect(summaries).toEqual(["event.created client-hooked (capacity 3)", "registration.created ada for client-hooked: registered"]);

    await expect
      .poll(async () => (await client.webhooks.deliveries.query({ webhookId: created.webhookId })).items.map((d: Delivery) => d.status))
      .toEqual(["delivered", "delivered"]);
  });

  it("another's or no endpoint: NOT_FOUND", async () => {
    const error = await client.webhooks.get.query({ webhookId: "wh_00000000000000000000000000" }).catch((e: unknown) => e);
    expect(errorCode(error)).toBe("NOT_FOUND");
  });
});

/**
 * Retries on the schedule (short here: 200 ms, 400 ms): an endpoint that fails
 * twice then answers gets three attempts and the message is delivered; one that
 * always fails gets one attempt plus one per entry, then `failed`; a manual retry
 * is one attempt now, delivering it once the endpoint is healthy again.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { deliveries, SHORT_SCHEDULE_MS, startDeliveryApi, subscribe, trpcClient, type DeliveryView } from "./webhooks-delivery-helpers.js";

const api = await startDeliveryApi();
const receiver = await startFileReceiver();

/** The endpoint's one delivery, once it satisfies `settled`. */
async function settledDelivery(webhookId: string, settled: (delivery: DeliveryView) => boolean): Promise<DeliveryView> {
  await expect.poll(async () => (await deliveries(api, webhookId)).some(settled), { timeout: 15_000, interval: 100 }).toBe(true);
  const log = await deliveries(api, webhookId);
  expect(log).toHaveLength(1);
  return log[0]!;
}

const statusesOf = (delivery: DeliveryView) => delivery.attempts.map((attempt) => attempt.status ?? attempt.error);

describe("retries", () => {
  it("500, 500, then 200: three attempts of one message, delivered, each attempt in the log", async () => {
    const endpoint = await subscribe(api, receiver, "/flaky", { eventId: "retry-flaky" });
    receiver.program("/flaky", { answers: [500, 500, 200] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "retry-flaky" }))).status).toBe(201);

    const delivery = await settledDelivery(endpoint.webhookId, (candidate) => candidate.status === "delivered");
    expect(statusesOf(delivery)).toEqual([500, 500, 200]);
    expect(delivery.nextAttemptAt).toBeNull();
    const arrivals = receiver.messages("/flaky");
    expect(arrivals.map((message) => [message.id, message.answeredWith])).toEqual([
      [delivery.messageId, 500],
      [delivery.messageId, 500],
      [delivery.messageId, 200],
    ]);
    // The same body on every attempt; each attempt signed afresh.
    expect(new Set(arrivals.map((message) => message.body)).size).toBe(1);
  });

  it(`always failing: failed after ${1 + SHORT_SCHEDULE_MS.length} attempts; a manual retry is one attempt now, delivered once the endpoint answers`, async () => {
    const endpoint = await subscribe(api, receiver, "/down", { eventId: "retry-down" });
    receiver.program("/down", { answers: [500] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "retry-down" }))).status).toBe(201);

    const failed = await settledDelivery(endpoint.webhookId, (candidate) => candidate.status === "failed");
    expect(statusesOf(failed)).toEqual(Array(1 + SHORT_SCHEDULE_MS.length).fill(500));
    expect(failed.nextAttemptAt).toBeNull();
    expect(receiver.messages("/down")).toHaveLength(1 + SHORT_SCHEDULE_MS.length);

    // Still failing: the manual attempt is logged, and the delivery stays as it was.
    const retry = () => api.request(`/webhooks/${endpoint.webhookId}/deliveries/${failed.messageId}/retry`, { method: "POST" });
    expect((await retry()).status).toBe(202);
    const stillFailed = await settledDelivery(endpoint.webhookId, (candidate) => candidate.attempts.length === 2 + SHORT_SCHEDULE_MS.length);
    expect([stillFailed.status, stillFailed.nextAttemptAt]).toEqual(["failed", null]);

    // Healthy again; this time over tRPC, where the log is a page of `{ items, nextCursor }`.
    receiver.program("/down", { answers: [200] });
    const trpc = trpcClient(api);
    await trpc.webhooks.retry.mutate({ webhookId: endpoint.webhookId, messageId: failed.messageId });
    await expect.poll(async () => (await trpc.webhooks.deliveries.query({ webhookId: endpoint.webhookId })).items[0]?.status, { timeout: 15_000 }).toBe("delivered");
    const page = await trpc.webhooks.deliveries.query({ webhookId: endpoint.webhookId });
    expect(page.nextCursor).toBeNull();
    const [delivered] = page.items;
    expect(statusesOf(delivered!)).toEqual([...Array(2 + SHORT_SCHEDULE_MS.length).fill(500), 200]);
    expect(delivered!.nextAttemptAt).toBeNull();
    expect(receiver.messages("/down").map((message) => message.id)).toEqual(Array(3 + SHORT_SCHEDULE_MS.length).fill(failed.messageId));
  });

  it("a manual retry of a message the endpoint never had is a 404", async () => {
    const endpoint = await subscribe(api, receiver, "/unused", { eventId: "retry-unused" });
    const response = await api.request(`/webhooks/${endpoint.webhookId}/deliveries/msg_01JD8Z4B7C9D1E3F5G7H9J1K3M/retry`, { method: "POST" });
    expect(response.status).toBe(404);
  });
});

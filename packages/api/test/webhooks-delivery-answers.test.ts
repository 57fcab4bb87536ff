/**
 * What an endpoint's answer does besides a plain failure: a `Retry-After` on a
 * 503 puts the next attempt off by at least that (longer than the schedule's
 * 200 ms), and a `410 Gone` disables the endpoint and fails the message, after
 * which nothing more arrives there.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { awaitMessage, deliveries, startDeliveryApi, subscribe } from "./webhooks-delivery-helpers.js";

const api = await startDeliveryApi();
const receiver = await startFileReceiver();

describe("what an endpoint's answer asks for", () => {
  it("503 with Retry-After: 2 delays the next attempt by about that, past the schedule's wait", async () => {
    const endpoint = await subscribe(api, receiver, "/busy", { eventId: "busy" });
    receiver.program("/busy", { answers: [{ status: 503, retryAfter: "2" }, 200] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "busy" }))).status).toBe(201);

    await expect.poll(() => receiver.messages("/busy").length, { timeout: 15_000 }).toBe(2);
    const [first, second] = receiver.messages("/busy");
    expect(second!.id).toBe(first!.id);
    // Roughly: the wait is counted from the end of the first attempt; well past the schedule's 200 ms.
    expect(second!.arrivedAt - first!.answeredAt!).toBeGreaterThanOrEqual(1_500);
    await expect.poll(async () => (await deliveries(api, endpoint.webhookId))[0]?.status, { timeout: 10_000 }).toBe("delivered");
    expect((await deliveries(api, endpoint.webhookId))[0]!.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
  });

  it("410 disables the endpoint and fails the message; nothing more arrives there", async () => {
    const gone = await subscribe(api, receiver, "/gone", { eventId: "gone" });
    await subscribe(api, receiver, "/witness", { eventId: "gone" });
    receiver.program("/gone", { answers: [410] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "gone" }))).status).toBe(201);

    await expect.poll(async () => (await api.json("GET", `/webhooks/${gone.webhookId}`)).body.enabled, { timeout: 15_000 }).toBe(false);
    const [failed] = await deliveries(api, gone.webhookId);
    expect(failed).toMatchObject({ type: "event.created", status: "failed", nextAttemptAt: null, attempts: [{ status: 410 }] });

    // Later changes of that event reach the witness beside it, and not the disabled endpoint.
    expect((await api.json("PUT", "/events/gone", { title: "Still going" })).status).toBe(200);
    expect((await api.json("POST", "/events/gone/registrations", { userId: "fay" })).status).toBe(201);
    await awaitMessage(receiver, "/witness", "event.updated gone");
    await awaitMessage(receiver, "/witness", "registration.created gone fay");
    expect(receiver.messages("/gone").map((message) => [message.json.type, message.answeredWith])).toEqual([["event.created", 410]]);
    expect((await deliveries(api, gone.webhookId)).map((delivery) => delivery.messageId)).toEqual([failed!.messageId]);
  });
});

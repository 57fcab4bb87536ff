/**
 * Which endpoints a message goes to: `types` and `eventId` filter; an endpoint
 * created after a change does not get that change's message; a disabled one gets
 * nothing, and enabling it sends no backlog; a deleted one gets nothing more.
 * An endpoint taking everything witnesses each change: once its message has
 * arrived, the change has been fanned out to every endpoint.
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { awaitMessage, deliveries, expectKeys, keysOn, startDeliveryApi, subscribe } from "./webhooks-delivery-helpers.js";

const api = await startDeliveryApi();
const receiver = await startFileReceiver();
await subscribe(api, receiver, "/everything");

/** Makes a change and waits until the witness has its message (so every endpoint's share has been decided). */
async function change(method: string, path: string, body: unknown, key: string) {
  const response = await api.json(method, path, body);
  expect(response.status, response.text).toBeLessThan(300);
  await awaitMessage(receiver, "/everything", key);
}

describe("who gets which message", () => {
  it("types and eventId filter what an endpoint gets", async () => {
    const joins = await subscribe(api, receiver, "/joins", { types: ["registration.created"] });
    const onlyF1 = await subscribe(api, receiver, "/only-f1", { eventId: "f1" });
    const f1Events = await subscribe(api, receiver, "/f1-events", { eventId: "f1", types: ["event.created", "event.updated"] });

    await change("POST", "/events", newEvent({ eventId: "f1" }), "event.created f1");
    await change("POST", "/events", newEvent({ eventId: "f2" }), "event.created f2");
    await change("POST", "/events/f1/registrations", { userId: "gus" }, "registration.created f1 gus");
    await change("POST", "/events/f2/registrations", { userId: "hal" }, "registration.created f2 hal");
    await change("PUT", "/events/f1", { title: "F1 renamed" }, "event.updated f1");

    await expectKeys(api, receiver, "/joins", joins.webhookId, ["registration.created f1 gus", "registration.created f2 hal"]);
    await expectKeys(api, receiver, "/only-f1", onlyF1.webhookId, ["event.created f1", "event.updated f1", "registration.created f1 gus"]);
    await expectKeys(api, receiver, "/f1-events", f1Events.webhookId, ["event.created f1", "event.updated f1"]);
  });

  it("an endpoint created after a change does not get that change's message, and gets the next", async () => {
    await change("POST", "/events", newEvent({ eventId: "late" }), "event.created late");
    const late = await subscribe(api, receiver, "/late", { eventId: "late" });
    await change("PUT", "/events/late", { title: "Late renamed" }, "event.updated late");
    await expectKeys(api, receiver, "/late", late.webhookId, ["event.updated late"]);
  });

  it("disabled: nothing; enabled again: the next change's message, and no backlog", async () => {
    const paused = await subscribe(api, receiver, "/paused", { eventId: "paused" });
    const disabled = await api.json("PUT", `/webhooks/${paused.webhookId}`, { enabled: false });
    expect([disabled.status, disabled.body.enabled]).toEqual([200, false]);

    await change("POST", "/events", newEvent({ eventId: "paused" }), "event.created paused");
    await change("POST", "/events/paused/registrations", { userId: "ida" }, "registration.created paused ida");
    expect(receiver.messages("/paused")).toEqual([]);
    expect(await deliveries(api, paused.webhookId)).toEqual([]);

    expect((await api.json("PUT", `/webhooks/${paused.webhookId}`, { enabled: true })).body.enabled).toBe(true);
    await change("PUT", "/events/paused", { title: "Resumed" }, "event.updated paused");
    await expectKeys(api, receiver, "/paused", paused.webhookId, ["event.updated paused"]);
  });

  it("deleted: 204, then nothing more arrives there", async () => {
    const doomed = await subscribe(api, receiver, "/doomed", { eventId: "doomed" });
    await change("POST", "/events", newEvent({ eventId: "doomed" }), "event.created doomed");
    await awaitMessage(receiver, "/doomed", "event.created doomed");

    expect((await api.request(`/webhooks/${doomed.webhookId}`, { method: "DELETE" })).status).toBe(204);
    expect((await api.json("GET", `/webhooks/${doomed.webhookId}`)).status).toBe(404);
    await change("PUT", "/events/doomed", { title: "After the endpoint" }, "event.updated doomed");
    await change("DELETE", "/events/doomed", undefined, "event.deleted doomed");
    expect(keysOn(receiver, "/doomed")).toEqual(["event.created doomed"]);
  });
});

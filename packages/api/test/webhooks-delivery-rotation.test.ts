/**
 * Rotation without a gap: after `POST /webhooks/{id}/secret` every message
 * carries a signature per secret made in the last 24 hours, so a receiver that
 * knows only the old secret and one that knows only the new one both verify it.
 */
import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { newEvent } from "./harness.js";
import { awaitMessage, startDeliveryApi, subscribe } from "./webhooks-delivery-helpers.js";
import { startFileReceiver, type ReceivedMessage } from "../../../test-support/index.js";

const api = await startDeliveryApi();
const receiver = await startFileReceiver();
const endpoint = await subscribe(api, receiver, "/rotating");

/** Whether a receiver that knows only `secret` accepts the message. */
const verifiesWith = (secret: string, message: ReceivedMessage) => {
  try {
    new Webhook(secret).verify(message.body, {
      "webhook-id": message.id,
      "webhook-timestamp": String(message.timestamp),
      "webhook-signature": message.signature,
    });
    return true;
  } catch {
    return false;
  }
};

async function rotate(): Promise<string> {
  const rotated = await api.json("POST", `/webhooks/${endpoint.webhookId}/secret`);
  expect(rotated.status).toBe(201);
  expect(Object.keys(rotated.body)).toEqual(["secret"]);
  expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  return rotated.body.secret;
}

describe("rotating the signing secret", () => {
  it("one signature before; two after a rotation, old and new each verifying; three after a second", async () => {
    const first = endpoint.secret;
    expect((await api.json("POST", "/events", newEvent({ eventId: "rot-0" }))).status).toBe(201);
    const before = await awaitMessage(receiver, "/rotating", "event.created rot-0");
    expect(before.signatureCount).toBe(1);

    const second = await rotate();
    expect(second).not.toBe(first);
    // The receiver now checks every request against both: each must verify on its own.
    receiver.program("/rotating", { secrets: [first, second] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "rot-1" }))).status).toBe(201);
    const afterOne = await awaitMessage(receiver, "/rotating", "event.created rot-1");
    expect(afterOne.signatureCount).toBe(2);
    expect([verifiesWith(first, afterOne), verifiesWith(second, afterOne)]).toEqual([true, true]);
    // The message before the rotation was signed with the first secret only.
    expect([verifiesWith(first, before), verifiesWith(second, before)]).toEqual([true, false]);

    const third = await rotate();
    receiver.program("/rotating", { secrets: [first, second, third] });
    expect((await api.json("POST", "/events", newEvent({ eventId: "rot-2" }))).status).toBe(201);
    const afterTwo = await awaitMessage(receiver, "/rotating", "event.created rot-2");
    expect(afterTwo.signatureCount).toBe(3);
    expect([first, second, third].map((secret) => verifiesWith(secret, afterTwo))).toEqual([true, true, true]);
    // A secret it never had verifies nothing.
    const stranger = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    expect(verifiesWith(stranger, afterTwo)).toBe(false);
    expect(receiver.failures()).toEqual([]);
  });

  it("the secret is not shown again: neither by GET nor in the list", async () => {
    const read = await api.json("GET", `/webhooks/${endpoint.webhookId}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("secret");
    expect(read.text).not.toContain("whsec_");
    expect((await api.json("GET", "/webhooks")).text).not.toContain("whsec_");
  });
});

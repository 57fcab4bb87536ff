/**
 * The Standard Webhooks headers: every signature verifies with the
 * specification's own library, for each secret; a changed body or a stale
 * timestamp does not.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signatureHeaders } from "../src/outbound/index.js";

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const body = JSON.stringify({ type: "event.created", timestamp: "2026-12-05T14:00:00.000Z", data: { eventId: "e1", title: "Ça marche 🎉" } });
const messageId = "msg_01JEXAMPLE";

describe("signatureHeaders", () => {
  it("has the message's id, this attempt's Unix seconds and one v1 signature per secret", () => {
    const at = new Date("2026-12-05T14:00:07.900Z");
    const headers = signatureHeaders({ messageId, body, secrets: [newSecret(), newSecret(), newSecret()] }, at);
    expect(headers["webhook-id"]).toBe(messageId);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers["webhook-signature"].split(" ")).toHaveLength(3);
    for (const signature of headers["webhook-signature"].split(" ")) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it("verifies with standardwebhooks for every secret that signed, and not for another", () => {
    const secrets = [newSecret(), newSecret()];
    const headers = signatureHeaders({ messageId, body, secrets }, new Date());
    for (const secret of secrets) expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, { ...headers })).toThrow(/No matching signature/);
  });

  it("does not verify a changed body, or a timestamp older than the receivers' five minutes", () => {
    const secret = newSecret();
    const headers = signatureHeaders({ messageId, body, secrets: [secret] }, new Date());
    expect(() => new Webhook(secret).verify(body.replace("e1", "e2"), { ...headers })).toThrow(/No matching signature/);
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_other" })).toThrow(/No matching signature/);
    const stale = signatureHeaders({ messageId, body, secrets: [secret] }, new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, { ...stale })).toThrow(/too old/);
  });
});

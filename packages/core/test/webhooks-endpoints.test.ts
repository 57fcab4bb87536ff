/**
 * Webhook endpoints through the WebhookService: who may manage which, what
 * a create and an update check, paging, and secrets (shown only at create and
 * rotation, decoding to SECRET_BYTES).
 */
import { describe, expect, it, vi } from "vitest";
import {
  DeliveryNotFoundError,
  ForbiddenError,
  MESSAGE_TYPES,
  SECRET_BYTES,
  SERVICE,
  WebhookNotFoundError,
  WebhookUrlRefusedError,
  type Actor,
} from "../src/index.js";
import { rejection, validInput } from "./helpers.js";
import { webhookTable } from "./webhooks-fixture.js";

vi.setConfig({ testTimeout: 60_000 });

const person = (userId: string): Actor => ({ kind: "person", userId });
const ada = person("ada");
const bob = person("bob");
const ANYONE: Actor = { kind: "anyone" };

describe("create", () => {
  it("a person's endpoint: theirs, every type, enabled, with a secret of SECRET_BYTES random bytes shown only here", async () => {
    const { webhooks } = await webhookTable();
    const created = await webhooks.create({ url: "https://hooks.test/ada", description: "Ada's" }, ada);
    expect(created).toMatchObject({ url: "https://hooks.test/ada", types: [...MESSAGE_TYPES], enabled: true, ownerId: "ada", description: "Ada's" });
    expect(created.webhookId).toMatch(/^wh_[0-9A-Z]{26}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(created.secret.slice("whsec_".length), "base64")).toHaveLength(SECRET_BYTES);
    const { secret, ...shown } = created;
    expect(secret).toBeTypeOf("string");
    expect(await webhooks.get(created.webhookId, ada)).toEqual(shown);
    expect((await webhooks.list({}, ada)).items).toEqual([shown]);
    expect(await webhooks.update(created.webhookId, { enabled: false }, ada)).not.toHaveProperty("secret");
  });

  it("a service's endpoint has no owner and may name any event; two creates get two secrets", async () => {
    const { webhooks } = await webhookTable();
    const first = await webhooks.create({ url: "https://hooks.test/s", types: ["event.created"], eventId: "no-such-event" }, SERVICE);
    const second = await webhooks.create({ url: "https://hooks.test/s" }, SERVICE);
    expect(first).not.toHaveProperty("ownerId");
    expect(first).toMatchObject({ types: ["event.created"], eventId: "no-such-event" });
    expect(first.secret).not.toBe(second.secret);
  });

  it("a person may name only an event they own: another's or a missing one is ForbiddenError", async () => {
    const { webhooks, events } = await webhookTable();
    await events.create(validInput({ eventId: "adas-event" }), ada);
    await events.create(validInput({ eventId: "bobs-event" }), bob);
    expect(await webhooks.create({ url: "https://hooks.test/a", eventId: "adas-event" }, ada)).toMatchObject({ eventId: "adas-event" });
    await rejection(webhooks.create({ url: "https://hooks.test/a", eventId: "bobs-event" }, ada), ForbiddenError);
    await rejection(webhooks.create({ url: "https://hooks.test/a", eventId: "missing-event" }, ada), ForbiddenError);
    expect((await webhooks.list({}, ada)).items).toHaveLength(1);
  });

  it("a URL the policy refuses is WebhookUrlRefusedError, on create and on update, and nothing changes", async () => {
    const { webhooks } = await webhookTable();
    await rejection(webhooks.create({ url: "https://inside.refused.test/" }, SERVICE), WebhookUrlRefusedError);
    expect((await webhooks.list({}, SERVICE)).items).toEqual([]);
    const { secret: _, ...endpoint } = await webhooks.create({ url: "https://hooks.test/ok" }, SERVICE);
    await rejection(webhooks.update(endpoint.webhookId, { url: "https://inside.refused.test/" }, SERVICE), WebhookUrlRefusedError);
    expect(await webhooks.get(endpoint.webhookId, SERVICE)).toEqual(endpoint);
  });

  it("anyone (no identity) is ForbiddenError for every operation", async () => {
    const { webhooks } = await webhookTable();
    const { webhookId } = await webhooks.create({ url: "https://hooks.test/s" }, SERVICE);
    await rejection(webhooks.create({ url: "https://hooks.test/x" }, ANYONE), ForbiddenError);
    await rejection(webhooks.list({}, ANYONE), ForbiddenError);
    await rejection(webhooks.get(webhookId, ANYONE), ForbiddenError);
    await rejection(webhooks.rotateSecret(webhookId, ANYONE), ForbiddenError);
  });
});

describe("scoping", () => {
  it("another person's endpoint is not found for every operation; a service sees and manages all", async () => {
    const { webhooks } = await webhookTable();
    const adas = await webhooks.create({ url: "https://hooks.test/ada" }, ada);
    const services = await webhooks.create({ url: "https://hooks.test/svc" }, SERVICE);
    const id = adas.webhookId;
    await rejection(webhooks.get(id, bob), WebhookNotFoundError);
    await rejection(webhooks.update(id, { enabled: false }, bob), WebhookNotFoundError);
    await rejection(webhooks.delete(id, bob), WebhookNotFoundError);
    await rejection(webhooks.rotateSecret(id, bob), WebhookNotFoundError);
    await rejection(webhooks.deliveries(id, {}, bob), WebhookNotFoundError);
    await rejection(webhooks.retry(id, "msg_01JD8Z4B7C9D1E3F5G7H9J1K3M", bob), WebhookNotFoundError);
    await rejection(webhooks.get(services.webhookId, ada), WebhookNotFoundError);
    expect((await webhooks.list({}, bob)).items).toEqual([]);
    expect((await webhooks.list({}, ada)).items.map((w) => w.webhookId)).toEqual([id]);
    expect((await webhooks.list({}, SERVICE)).items.map((w) => w.webhookId)).toEqual([id, services.webhookId]);
    expect(await webhooks.update(id, { description: "by the service" }, SERVICE)).toMatchObject({ ownerId: "ada", description: "by the service" });
    expect((await webhooks.get(id, bob).catch((error: unknown) => error)) as Error).toBeInstanceOf(WebhookNotFoundError);
  });

  it("an id that is not a webhook id, or one deleted, is not found", async () => {
    const { webhooks } = await webhookTable();
    await rejection(webhooks.get("not-an-id", SERVICE), WebhookNotFoundError);
    const { webhookId } = await webhooks.create({ url: "https://hooks.test/s" }, ada);
    await webhooks.delete(webhookId, ada);
    await rejection(webhooks.get(webhookId, ada), WebhookNotFoundError);
    await rejection(webhooks.update(webhookId, { enabled: true }, SERVICE), WebhookNotFoundError);
    await rejection(webhooks.delete(webhookId, ada), WebhookNotFoundError);
  });
});

describe("update and list", () => {
  it("changes only the fields given, and updatedAt", async () => {
    const { webhooks, clock } = await webhookTable();
    const { secret: _, ...endpoint } = await webhooks.create({ url: "https://hooks.test/a", description: "first" }, ada);
    clock.advance(1_000);
    const updated = await webhooks.update(endpoint.webhookId, { types: ["registration.promoted"], enabled: false }, ada);
    expect(updated).toEqual({ ...endpoint, types: ["registration.promoted"], enabled: false, updatedAt: updated.updatedAt });
    expect(updated.updatedAt > endpoint.updatedAt).toBe(true);
    expect(await webhooks.get(endpoint.webhookId, ada)).toEqual(updated);
  });

  it("pages oldest first with a cursor, the last page without one; a cursor that is not ours is refused", async () => {
    const { webhooks } = await webhookTable();
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await webhooks.create({ url: `https://hooks.test/${n}` }, ada)).webhookId);
    await webhooks.create({ url: "https://hooks.test/bob" }, bob);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await webhooks.list({ limit: 2, ...(cursor ? { cursor } : {}) }, ada);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((w) => w.webhookId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids);
    await expect(webhooks.list({ cursor: "bm90LWFuLWlk" }, ada)).rejects.toThrow(/cursor/);
  });

  it("retry of a message the endpoint never had is DeliveryNotFoundError", async () => {
    const { webhooks } = await webhookTable();
    const { webhookId } = await webhooks.create({ url: "https://hooks.test/a" }, ada);
    await rejection(webhooks.retry(webhookId, "msg_01JD8Z4B7C9D1E3F5G7H9J1K3M", ada), DeliveryNotFoundError);
    await rejection(webhooks.retry(webhookId, "nonsense", ada), DeliveryNotFoundError);
    expect(await webhooks.deliveries(webhookId, {}, ada)).toEqual({ items: [], nextCursor: null });
  });
});

describe("secrets", () => {
  it("rotation returns a new secret; after two rotations three sign, and 24 hours later only the newest", async () => {
    const { webhooks, dispatcher, sender, clock, putMessage } = await webhookTable();
    const created = await webhooks.create({ url: "https://hooks.test/a" }, SERVICE);
    const first = await webhooks.rotateSecret(created.webhookId, SERVICE);
    const second = await webhooks.rotateSecret(created.webhookId, SERVICE);
    expect(Object.keys(first)).toEqual(["secret"]);
    expect(new Set([created.secret, first.secret, second.secret]).size).toBe(3);
    expect(await webhooks.get(created.webhookId, SERVICE)).not.toHaveProperty("secret");

    await dispatcher.deliver([await putMessage()]);
    expect(sender.sent.at(-1)?.secrets).toEqual([created.secret, first.secret, second.secret]);

    clock.advance(24 * 60 * 60 * 1000 + 1);
    await dispatcher.deliver([await putMessage()]);
    expect(sender.sent.at(-1)?.secrets).toEqual([second.secret]);

    // Each secret signs for 24 hours from when it was made: the one made a day ago stops with this rotation.
    const third = await webhooks.rotateSecret(created.webhookId, SERVICE);
    await dispatcher.deliver([await putMessage()]);
    expect(sender.sent.at(-1)?.secrets).toEqual([third.secret]);
  });
});

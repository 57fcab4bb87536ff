/**
 * The contract's webhook endpoints, every operation, over REST and over tRPC,
 * through the real app over a real store: statuses, `Location`, shapes, the
 * secret shown only at creation and rotation (and never cached), invalid input,
 * the deliveries log of a real delivery (signed, verified with the Standard
 * Webhooks library) and a manual retry. Who may do what: webhooks-access.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Webhook as Verifier } from "standardwebhooks";
import { MESSAGE_TYPES, WebhookSchema, CreatedWebhookSchema, DeliverySchema } from "@events/core";
import { newEvent, startTestApi } from "./harness.js";
import { restSurface, trpcSurface, type Answer, type Surface } from "./surfaces.js";
import { startFileReceiver } from "../../../test-support/index.js";

const api = await startTestApi();
const receiver = await startFileReceiver();

/** Nothing listens there: a delivery fails at once, without leaving the machine. */
const NOWHERE = "http://127.0.0.1:1/hook";
/** Ids of the right form that no endpoint or message has. */
const NO_WEBHOOK = "wh_00000000000000000000000000";
const NO_MESSAGE = "msg_00000000000000000000000000";

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const secretBytes = (secret: string) => Buffer.from(secret.slice("whsec_".length), "base64").length;

/** Over REST, the response's own header; over tRPC the same call made raw (the client hides headers). */
async function cacheControl(s: Surface, answer: Answer, procedure: string, input: unknown): Promise<string | null> {
  if (s.name === "REST") return answer.rest!.headers.get("cache-control");
  const response = await api.request(`/trpc/${procedure}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  expect(response.status).toBeLessThan(300);
  return response.headers.get("cache-control");
}

describe.each([restSurface(api), trpcSurface(api)])("webhooks over $name", (s: Surface) => {
  const create = async (body: Record<string, unknown> = {}) => {
    const created = await s.createWebhook({ url: NOWHERE, ...body });
    expect(created.status, created.detail).toBe(201);
    return created;
  };

  it("create: 201, the endpoint with its secret (whsec_, 24-64 bytes), all types when left out, enabled; Location names it", async () => {
    const created = await create({ description: "Everything" });
    expect(CreatedWebhookSchema.safeParse(created.body).error).toBeUndefined();
    expect(created.body).toEqual({
      webhookId: expect.stringMatching(/^wh_/),
      url: NOWHERE,
      types: [...MESSAGE_TYPES],
      description: "Everything",
      enabled: true,
      secret: expect.stringMatching(SECRET),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(secretBytes(created.body.secret)).toBeGreaterThanOrEqual(24);
    expect(secretBytes(created.body.secret)).toBeLessThanOrEqual(64);
    if (s.name === "REST") expect(created.location).toBe(`/webhooks/${created.body.webhookId}`);
  });

  it("create and rotate: the secret's responses are never cached (Cache-Control: no-store)", async () => {
    const input = { url: NOWHERE, types: ["event.deleted"] };
    const created = await s.createWebhook(input);
    expect(await cacheControl(s, created, "webhooks.create", input)).toMatch(/no-store/);
    const rotated = await s.rotateWebhookSecret(created.body.webhookId);
    expect(rotated.status).toBe(201);
    expect(await cacheControl(s, rotated, "webhooks.rotateSecret", { webhookId: created.body.webhookId })).toMatch(/no-store/);
  });

  it("an eventId and types narrow it; get returns it without the secret", async () => {
    const eventId = `${s.name}-narrowed`;
    expect((await s.createEvent(newEvent({ eventId }))).status).toBe(201);
    const created = await create({ eventId, types: ["registration.created", "registration.promoted"] });
    expect(created.body).toMatchObject({ eventId, types: ["registration.created", "registration.promoted"] });
    const read = await s.getWebhook(created.body.webhookId);
    expect(read.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = created.body;
    expect(read.body).toEqual(withoutSecret);
    expect(WebhookSchema.safeParse(read.body).error).toBeUndefined();
  });

  it("list: every endpoint, paged, none with a secret", async () => {
    const made = [await create(), await create(), await create()].map((c) => c.body.webhookId);
    const all = await s.listWebhooks({ limit: 2 });
    expect(all.status).toBe(200);
    expect(all.pages!.every((page) => page.length <= 2)).toBe(true);
    const ids = (all.body as { webhookId: string }[]).map((w) => w.webhookId);
    expect(ids).toEqual(expect.arrayContaining(made));
    expect(new Set(ids).size).toBe(ids.length);
    for (const webhook of all.body) expect(webhook).not.toHaveProperty("secret");
  });

  it("update: only the fields sent change; 200 without the secret", async () => {
    const created = await create({ description: "Before" });
    const changed = await s.updateWebhook(created.body.webhookId, { enabled: false, types: ["event.updated"] });
    expect(changed.status, changed.detail).toBe(200);
    expect(changed.body).toMatchObject({ url: NOWHERE, description: "Before", enabled: false, types: ["event.updated"] });
    expect(changed.body).not.toHaveProperty("secret");
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    expect((await s.getWebhook(created.body.webhookId)).body).toEqual(changed.body);
  });

  it("rotate: 201 with a new secret, shown once", async () => {
    const created = await create();
    const rotated = await s.rotateWebhookSecret(created.body.webhookId);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({ secret: expect.stringMatching(SECRET) });
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await s.getWebhook(created.body.webhookId)).body).not.toHaveProperty("secret");
  });

  it("delete: 204, then it is gone (404), and a second delete is a 404", async () => {
    const created = await create();
    const deleted = await s.deleteWebhook(created.body.webhookId);
    expect(deleted.status).toBe(204);
    if (s.name === "REST") expect(deleted.rest!.text).toBe("");
    expect((await s.getWebhook(created.body.webhookId)).status).toBe(404);
    expect((await s.deleteWebhook(created.body.webhookId)).status).toBe(404);
  });

  it.each([NO_WEBHOOK, "not-a-webhook-id"])("404 for an endpoint that does not exist (%s), on every operation", async (webhookId) => {
    const answers = [
      await s.getWebhook(webhookId),
      await s.updateWebhook(webhookId, { enabled: false }),
      await s.deleteWebhook(webhookId),
      await s.rotateWebhookSecret(webhookId),
      await s.listDeliveries(webhookId),
      await s.retryDelivery(webhookId, NO_MESSAGE),
    ];
    for (const answer of answers) expect([answer.status, answer.detail]).toEqual([404, "Webhook endpoint not found"]);
  });

  it("retry of a message the endpoint never had: 404", async () => {
    const created = await create();
    const answer = await s.retryDelivery(created.body.webhookId, NO_MESSAGE);
    expect([answer.status, answer.detail]).toEqual([404, "Delivery not found"]);
  });

  it.each([
    ["a URL of another scheme", { url: "ftp://hooks.example.com/x" }, ["url"]],
    ["not a URL", { url: "hooks.example.com" }, ["url"]],
    ["no URL", {}, ["url"]],
    ["a URL that is not a string", { url: 443 }, ["url"]],
    ["an unknown type", { url: NOWHERE, types: ["event.moved"] }, ["types.0"]],
    ["no types at all", { url: NOWHERE, types: [] }, ["types"]],
    ["types as a string", { url: NOWHERE, types: "event.created" }, ["types"]],
    ["an empty description", { url: NOWHERE, description: "" }, ["description"]],
    ["a blank description", { url: NOWHERE, description: "   " }, ["description"]],
    ["a description of 201 characters", { url: NOWHERE, description: "x".repeat(201) }, ["description"]],
    ["an unknown field", { url: NOWHERE, enabeld: true }, ["enabeld"]],
    ["a secret of one's own", { url: NOWHERE, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, ["secret"]],
    ["an invalid eventId", { url: NOWHERE, eventId: "../x" }, ["eventId"]],
  ])("create with %s: 422 naming the field", async (_name, body, fields) => {
    const answer = await s.createWebhook(body);
    expect(answer.status, answer.detail).toBe(422);
    expect(answer.fields).toEqual(fields);
  });

  it("a description of 200 characters is fine", async () => {
    await create({ description: "x".repeat(200) });
  });

  it.each([
    ["enabled as a string", { enabled: "false" }, ["enabled"]],
    ["a URL of another scheme", { url: "ftp://hooks.example.com/x" }, ["url"]],
    ["an unknown type", { types: ["registration.moved"] }, ["types.0"]],
    ["an unknown field", { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, ["secret"]],
  ])("update with %s: 422 naming the field, nothing changes", async (_name, changes, fields) => {
    const created = await create();
    const answer = await s.updateWebhook(created.body.webhookId, changes);
    expect(answer.status, answer.detail).toBe(422);
    expect(answer.fields).toEqual(fields);
    const { secret: _secret, ...unchanged } = created.body;
    expect((await s.getWebhook(created.body.webhookId)).body).toEqual(unchanged);
  });

  it("deliveries: a change reaches the endpoint, signed; the log shows it delivered; a retry sends it again (202)", async () => {
    const path = `/${s.name}-log`;
    const created = await create({ url: receiver.url(path), types: ["event.created"] });
    receiver.program(path, { secrets: [created.body.secret] });
    const eventId = `${s.name}-delivered`;
    expect((await s.createEvent(newEvent({ eventId }))).status).toBe(201);

    const mine = () => receiver.messages(path);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
    const [first] = mine();
    const message = new Verifier(created.body.secret).verify(first!.body, first!.headers as Record<string, string>) as {
      type: string;
      data: { eventId: string };
    };
    expect(message).toMatchObject({ type: "event.created", data: { eventId } });

    const log = async () => (await s.listDeliveries(created.body.webhookId)).body as { messageId: string; status: string; attempts: unknown[] }[];
    await expect.poll(async () => (await log())[0]?.status, { timeout: 10_000 }).toBe("delivered");
    const [delivery] = await log();
    expect(DeliverySchema.safeParse(delivery).error).toBeUndefined();
    expect(delivery).toMatchObject({
      messageId: first!.headers["webhook-id"],
      type: "event.created",
      status: "delivered",
      attempts: [{ at: expect.any(String), status: 200, durationMs: expect.any(Number) }],
      nextAttemptAt: null,
    });
    expect((await s.listDeliveries(created.body.webhookId, { status: "failed" })).body).toEqual([]);

    const retried = await s.retryDelivery(created.body.webhookId, delivery!.messageId);
    expect(retried.status, retried.detail).toBe(202);
    if (s.name === "REST") {
      expect(retried.rest!.text).toBe("");
      expect(retried.rest!.headers.get("content-type")).toBeNull();
    }
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(2);
    expect(mine()[1]!.headers["webhook-id"]).toBe(delivery!.messageId);
    await expect.poll(async () => (await log())[0]?.attempts.length, { timeout: 10_000 }).toBe(2);
  });

  it("deliveries with a bad query: 422", async () => {
    const created = await create();
    const answer = await s.listDeliveries(created.body.webhookId, { status: "lost" });
    expect(answer.status).toBe(422);
    expect(answer.fields).toEqual(["status"]);
  });
});

describe("REST only", () => {
  it("a malformed body is a 400, a body that is not JSON a 415", async () => {
    expect((await api.json("POST", "/webhooks", "{not json")).status).toBe(400);
    const typed = await api.request("/webhooks", { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ url: NOWHERE }) });
    expect(typed.status).toBe(415);
  });

  it("the paths take only their methods: 405 with Allow", async () => {
    const response = await api.request("/webhooks", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")?.split(", ").sort()).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
  });

  it("a body naming another webhookId than the path's: 422", async () => {
    const created = await api.json("POST", "/webhooks", { url: NOWHERE });
    const answer = await api.json("PUT", `/webhooks/${created.body.webhookId}`, { webhookId: NO_WEBHOOK, enabled: false });
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(["webhookId"]);
  });
});

/**
 * Who may use the webhook endpoints (secured mode), over REST and over tRPC:
 * anyone is refused (401) on every operation; a person sees and manages only
 * their own endpoints (another's is a 404, never a 403: its existence is not
 * revealed) and names only events they own (403); a service sees and manages
 * all. In open mode anyone may do everything, as everywhere. The access
 * table's cells themselves: access-table.test.ts.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { newEvent, startTestApi } from "./harness.js";
import { restSurface, trpcSurface, type Answer, type Surface } from "./surfaces.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "webhooks-access-service-key-0123456789abcdef";
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());
const secured = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
const open = await startTestApi();

/** Nothing listens there: a delivery fails at once, without leaving the machine. */
const NOWHERE = "http://127.0.0.1:1/hook";
const NO_MESSAGE = "msg_00000000000000000000000000";

const SERVICE = { "X-Api-Key": KEY };
const person = async (userId: string) => ({ Authorization: `Bearer ${await issuer.token(userId)}` });
const [ALICE, BOB] = [await person("alice"), await person("bob")];

const ids = (answer: Answer) => (answer.body as { webhookId: string }[]).map((w) => w.webhookId);

/** Every operation on one endpoint, each answer in order: get, update, deliveries, rotate, retry, delete. */
async function everyOperation(s: Surface, webhookId: string): Promise<Answer[]> {
  return [
    await s.getWebhook(webhookId),
    await s.updateWebhook(webhookId, { description: "Taken over" }),
    await s.listDeliveries(webhookId),
    await s.rotateWebhookSecret(webhookId),
    await s.retryDelivery(webhookId, NO_MESSAGE),
    await s.deleteWebhook(webhookId),
  ];
}

describe.each([
  ["REST", (headers: Record<string, string>) => restSurface(secured, headers)],
  ["tRPC", (headers: Record<string, string>) => trpcSurface(secured, headers)],
] as const)("secured, over %s", (transport, as) => {
  const service = as(SERVICE);
  const alice = as(ALICE);
  const bob = as(BOB);
  const anyone = as({});
  let made = 0;

  /** An event alice owns. */
  const alicesEvent = async () => {
    const eventId = `${transport}-alice-${++made}`;
    expect((await service.createEvent(newEvent({ eventId, ownerId: "alice" }))).status).toBe(201);
    return eventId;
  };
  const createAs = async (s: Surface, body: Record<string, unknown> = {}) => {
    const created = await s.createWebhook({ url: NOWHERE, ...body });
    expect(created.status, created.detail).toBe(201);
    return created.body as { webhookId: string; ownerId?: string };
  };

  it("anyone: 401 on every operation, create and list included", async () => {
    const { webhookId } = await createAs(service);
    const answers = [await anyone.createWebhook({ url: NOWHERE }), await anyone.listWebhooks(), ...(await everyOperation(anyone, webhookId))];
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
    if (transport === "tRPC") expect(answers.map((a) => a.code)).toEqual(answers.map(() => "UNAUTHORIZED"));
    // Nothing was done to it.
    expect((await service.getWebhook(webhookId)).status).toBe(200);
  });

  it("a person's endpoint is theirs: ownerId is them, another person's (or a service's) is a 404 on every operation", async () => {
    const alices = await createAs(alice);
    expect(alices.ownerId).toBe("alice");
    const answers = await everyOperation(bob, alices.webhookId);
    expect(answers.map((a) => [a.status, a.detail])).toEqual(answers.map(() => [404, "Webhook endpoint not found"]));
    const services = await createAs(service);
    expect(services.ownerId).toBeUndefined();
    expect((await alice.getWebhook(services.webhookId)).status).toBe(404);
    // Still there, unchanged, for its owner.
    expect((await alice.getWebhook(alices.webhookId)).body).toMatchObject({ webhookId: alices.webhookId, ownerId: "alice" });
    expect((await alice.getWebhook(alices.webhookId)).body).not.toHaveProperty("description");
  });

  it("a person manages their own: every operation answers as the contract says", async () => {
    const { webhookId } = await createAs(alice);
    const answers = await everyOperation(alice, webhookId);
    // get, update, deliveries, rotate; the retry of a message it never had; delete.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 201, 404, 204]);
  });

  it("a person lists only their own endpoints; a service lists everyone's", async () => {
    const alices = await createAs(alice);
    const bobs = await createAs(bob);
    const services = await createAs(service);
    const aliceSees = ids(await alice.listWebhooks());
    expect(aliceSees).toContain(alices.webhookId);
    expect(aliceSees).not.toContain(bobs.webhookId);
    expect(aliceSees).not.toContain(services.webhookId);
    expect(ids(await service.listWebhooks())).toEqual(expect.arrayContaining([alices.webhookId, bobs.webhookId, services.webhookId]));
  });

  it("a person names only an event they own: another's, or one that does not exist, is a 403; a service names any", async () => {
    const eventId = await alicesEvent();
    expect((await alice.createWebhook({ url: NOWHERE, eventId })).status).toBe(201);
    const refused = await bob.createWebhook({ url: NOWHERE, eventId });
    expect(refused.status).toBe(403);
    if (transport === "tRPC") expect(refused.code).toBe("FORBIDDEN");
    expect((await bob.createWebhook({ url: NOWHERE, eventId: "no-such-event" })).status).toBe(403);
    expect((await service.createWebhook({ url: NOWHERE, eventId })).status).toBe(201);
  });

  it("a service manages a person's endpoint", async () => {
    const { webhookId } = await createAs(alice);
    const answers = await everyOperation(service, webhookId);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 201, 404, 204]);
  });
});

describe.each([restSurface(open), trpcSurface(open)])("open mode, over $name", (s: Surface) => {
  it("anyone creates, reads, lists, changes and deletes endpoints, which have no owner", async () => {
    const created = await s.createWebhook({ url: NOWHERE, eventId: "any-event-at-all" });
    expect(created.status, created.detail).toBe(201);
    expect(created.body).not.toHaveProperty("ownerId");
    expect(ids(await s.listWebhooks())).toContain(created.body.webhookId);
    const answers = await everyOperation(s, created.body.webhookId);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 201, 404, 204]);
  });
});

/**
 * A create whose answer from the store is lost after the store did the write:
 * the SDK sends it again, the retry's condition (nothing there yet) fails on
 * the item this very request stored, and the caller still gets a 201, never a
 * 409. The store does every write; a proxy in front of it only loses answers.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startFaultProxy, startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable } from "@events/core";
import { createApp, jsonLogger } from "../src/index.js";
import { newEvent } from "./harness.js";

const store = await startStore();
const proxy = await startFaultProxy(store.endpoint);
const client = createDynamoClient({ endpoint: proxy.endpoint, maxAttempts: 3, requestTimeoutMs: 15_000 });
await ensureTable(client, "Events");
const services = createServices({ client, tableName: "Events" });
const app = createApp({ events: services.events, registrations: services.registrations, isStoreReachable: services.isReachable, log: jsonLogger("silent") });
afterAll(async () => {
  client.destroy();
  await proxy.close();
  await store.close();
});

const post = (path: string, body: unknown) =>
  app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("a create retried by the SDK after its answer was lost", () => {
  it("POST /events: 201 with the event, stored once; another create of that id is still a 409", async () => {
    const lostBefore = proxy.lost;
    proxy.loseAnswers("TransactWriteItems");
    const created = await post("/events", newEvent({ eventId: "retried-create" }));
    expect(proxy.lost - lostBefore, "the first answer was lost, so the SDK retried").toBe(1);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ eventId: "retried-create", version: 1 });
    expect((await app.request("/events/retried-create")).status).toBe(200);
    expect((await post("/events", newEvent({ eventId: "retried-create" }))).status).toBe(409);
  });

  it("POST /events/{eventId}/registrations: 201 registered, counted once; registering again is a 409", async () => {
    expect((await post("/events", newEvent({ eventId: "retried-registration", capacity: 3 }))).status).toBe(201);
    const lostBefore = proxy.lost;
    proxy.loseAnswers("TransactWriteItems");
    const registered = await post("/events/retried-registration/registrations", { userId: "ada" });
    expect(proxy.lost - lostBefore, "the first answer was lost, so the SDK retried").toBe(1);
    expect(registered.status).toBe(201);
    expect(await registered.json()).toMatchObject({ userId: "ada", status: "registered" });
    const event = (await (await app.request("/events/retried-registration")).json()) as { registeredCount: number };
    expect(event.registeredCount).toBe(1);
    expect((await post("/events/retried-registration/registrations", { userId: "ada" })).status).toBe(409);
  });
});

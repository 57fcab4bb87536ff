/**
 * Idempotency-Key records are the caller's own: the same key under two
 * scopes names two records, so neither caller can replay or probe the other's.
 */
import { describe, expect, it, vi } from "vitest";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { IdempotencyKeyMismatchError, SERVICE } from "../src/index.js";
import { rejection, validInput } from "./helpers.js";
import { newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { events, registrations, openEvent, client, tableName } = await registrationStore();

describe("Idempotency-Key scopes", () => {
  it("event creates: one key in two scopes makes two events; each scope replays its own", async () => {
    const key = newId("key");
    const first = await events.create(validInput({ title: "First" }), SERVICE, { idempotencyKey: key, idempotencyScope: "user:ada" });
    const second = await events.create(validInput({ title: "First" }), SERVICE, { idempotencyKey: key, idempotencyScope: "user:bob" });
    expect(second.eventId).not.toBe(first.eventId);
    expect(await events.create(validInput({ title: "First" }), SERVICE, { idempotencyKey: key, idempotencyScope: "user:ada" })).toEqual(first);
    expect(await events.create(validInput({ title: "First" }), SERVICE, { idempotencyKey: key, idempotencyScope: "user:bob" })).toEqual(second);
    // A different body under another scope is a new request, not a mismatch with someone else's.
    const third = await events.create(validInput({ title: "Other" }), SERVICE, { idempotencyKey: key, idempotencyScope: "service:k1" });
    expect(third.title).toBe("Other");
    await rejection(
      events.create(validInput({ title: "Other" }), SERVICE, { idempotencyKey: key, idempotencyScope: "user:ada" }),
      IdempotencyKeyMismatchError,
    );
  });

  it("registrations: one key in two scopes registers two people", async () => {
    const { eventId } = await openEvent();
    const key = newId("key");
    const ada = await registrations.create(eventId, { userId: "ada" }, SERVICE, { idempotencyKey: key, idempotencyScope: "open" });
    const bob = await registrations.create(eventId, { userId: "bob" }, SERVICE, { idempotencyKey: key, idempotencyScope: "service:k2" });
    expect([ada.userId, bob.userId]).toEqual(["ada", "bob"]);
    expect(await registrations.create(eventId, { userId: "ada" }, SERVICE, { idempotencyKey: key, idempotencyScope: "open" })).toEqual(ada);
  });

  it("a record stored before scopes existed is not found and breaks nothing", async () => {
    const key = newId("key");
    const now = Math.floor(Date.now() / 1000);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `$events#idempotencyKey_${key}` },
          sk: { S: "$idempotency_1" },
          idempotencyKey: { S: key },
          fingerprint: { S: "an older request" },
          response: { S: JSON.stringify({ status: 201, location: "/events/old", body: { eventId: "old" } }) },
          expiresAt: { N: String(now + 3600) },
          createdAt: { S: new Date().toISOString() },
          __edb_e__: { S: "idempotency" },
          __edb_v__: { S: "1" },
        },
      }),
    );
    const created = await events.create(validInput(), SERVICE, { idempotencyKey: key, idempotencyScope: "open" });
    expect(created.eventId).not.toBe("old");
    expect(await events.create(validInput(), SERVICE, { idempotencyKey: key, idempotencyScope: "open" })).toEqual(created);
  });

  it("a key without a scope is the caller's mistake", async () => {
    await expect(events.create(validInput(), SERVICE, { idempotencyKey: newId("key") })).rejects.toBeInstanceOf(TypeError);
  });
});

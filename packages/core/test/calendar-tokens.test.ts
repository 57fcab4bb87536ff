/**
 * Private calendar feed tokens: only a hash is stored, a new token replaces
 * the old one at once, revoking ends it, and racing issues leave one live token.
 */
import { describe, expect, it, vi } from "vitest";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { createServices } from "../src/index.js";
import { newId, registrationStore } from "./registration-store.js";

vi.setConfig({ testTimeout: 120_000 });

const { client, tableName } = await registrationStore();
const { calendarTokens } = createServices({ client, tableName });

describe("calendar feed tokens", () => {
  it("a token is 256 random bits, base64url, and resolves to its person", async () => {
    const userId = newId("cal");
    const token = await calendarTokens.issue(userId);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await calendarTokens.userFor(token)).toBe(userId);
    expect(await calendarTokens.userFor("x".repeat(43))).toBeUndefined();
    expect(await calendarTokens.userFor("not a token")).toBeUndefined();
  });

  it("issuing again kills the old token", async () => {
    const userId = newId("cal");
    const first = await calendarTokens.issue(userId);
    const second = await calendarTokens.issue(userId);
    expect(second).not.toBe(first);
    expect(await calendarTokens.userFor(first)).toBeUndefined();
    expect(await calendarTokens.userFor(second)).toBe(userId);
  });

  it("revoke ends the token, and is fine when there is none", async () => {
    const userId = newId("cal");
    await calendarTokens.revoke(userId);
    const token = await calendarTokens.issue(userId);
    await calendarTokens.revoke(userId);
    expect(await calendarTokens.userFor(token)).toBeUndefined();
    await calendarTokens.revoke(userId);
    const again = await calendarTokens.issue(userId);
    expect(await calendarTokens.userFor(again)).toBe(userId);
  });

  it("concurrent issues leave exactly one live token", async () => {
    for (let round = 0; round < 5; round++) {
      const userId = newId("cal");
      const tokens = await Promise.all(Array.from({ length: 8 }, () => calendarTokens.issue(userId)));
      const live = [];
      for (const token of tokens) if ((await calendarTokens.userFor(token)) === userId) live.push(token);
      expect(live.length, `round ${round}`).toBe(1);
    }
  });

  it("the raw token is stored nowhere in the table", async () => {
    const token = await calendarTokens.issue(newId("cal"));
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    const stored = JSON.stringify(Items);
    expect(stored).toContain("calendarToken");
    expect(stored).not.toContain(token);
  });
});

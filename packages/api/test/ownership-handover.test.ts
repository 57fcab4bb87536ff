/**
 * Handing an event over, raced over HTTP: a service PUTs a new `ownerId` while
 * the old owner PUTs a change, many rounds. Ownership is a condition of the
 * write itself, so the old owner's change never lands after the hand-over.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { newEvent, startTestApi } from "./harness.js";
import { bearer } from "./auth-helpers.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "handover-service-key-0123456789abcdef0123";
const ROUNDS = 25;
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
const service = { "X-Api-Key": KEY };
const olde = bearer(await issuer.token("olde"));

async function eventOwnedByOlde(eventId: string) {
  const created = await api.json("POST", "/events", newEvent({ eventId, ownerId: "olde", location: "Original" }), service);
  expect(created.status).toBe(201);
  return created.headers.get("etag")!;
}

const put = (eventId: string, body: object, headers: Record<string, string>) => api.json("PUT", `/events/${eventId}`, body, headers);

describe("a service hands an event over while its old owner changes it", () => {
  it(`both at one version (If-Match), ${ROUNDS} rounds: exactly one of them, never both`, { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const eventId = `handover-match-${round}`;
      const etag = await eventOwnedByOlde(eventId);
      const [handOver, change] = await Promise.all([
        put(eventId, { ownerId: "newt" }, { ...service, "If-Match": etag }),
        put(eventId, { location: `Changed ${round}` }, { ...olde, "If-Match": etag }),
      ]);
      const statuses = [handOver.status, change.status];
      expect(statuses.filter((status) => status === 200), JSON.stringify(statuses)).toHaveLength(1);
      const now = (await api.json("GET", `/events/${eventId}`, undefined, service)).body;
      if (handOver.status === 200) {
        expect([412, 403]).toContain(change.status);
        expect([now.ownerId, now.location, now.version]).toEqual(["newt", "Original", 2]);
      } else {
        expect(handOver.status).toBe(412);
        expect([now.ownerId, now.location, now.version]).toEqual(["olde", `Changed ${round}`, 2]);
      }
    }
  });

  it(`without If-Match, ${ROUNDS} rounds: the old owner's change lands only while the event is still theirs`, { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const eventId = `handover-last-${round}`;
      await eventOwnedByOlde(eventId);
      const [handOver, change] = await Promise.all([
        put(eventId, { ownerId: "newt" }, service),
        put(eventId, { location: `Changed ${round}` }, olde),
      ]);
      expect(handOver.status).toBe(200);
      const now = (await api.json("GET", `/events/${eventId}`, undefined, service)).body;
      expect(now.ownerId).toBe("newt");
      if (change.status === 200) {
        // Written before the hand-over: still olde's then, one version earlier.
        expect([change.body.ownerId, change.body.version, handOver.body.version]).toEqual(["olde", 2, 3]);
        expect(now.location).toBe(`Changed ${round}`);
      } else {
        expect(change.status).toBe(403);
        expect([now.location, now.version]).toEqual(["Original", 2]);
      }
      // Either way the old owner has no hold on it any more.
      expect((await put(eventId, { location: "Too late" }, olde)).status).toBe(403);
    }
  });
});

/**
 * A slow endpoint beside a fast one: the fast one gets every message while the
 * slow one's first attempts are still unanswered, and the requests that made
 * the changes are answered without waiting for either. The slow endpoint
 * answers only when the test lets it (slower than anything, with no clock in
 * the assertions: only the order of arrivals, answers and responses).
 */
import { describe, expect, it } from "vitest";
import { newEvent } from "./harness.js";
import { startFileReceiver } from "../../../test-support/index.js";
import { keysOn, startDeliveryApi, subscribe } from "./webhooks-delivery-helpers.js";

const api = await startDeliveryApi();
// Two receivers, so that nothing they share (a host's connections) links the two endpoints.
const fastReceiver = await startFileReceiver();
const slowReceiver = await startFileReceiver();
await subscribe(api, fastReceiver, "/fast");
await subscribe(api, slowReceiver, "/slow");
slowReceiver.program("/slow", { held: true });

const PEOPLE = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"];
const expectedKeys = ["event.created slow-drop", ...PEOPLE.map((userId) => `registration.created slow-drop ${userId}`)].sort();

describe("a slow endpoint beside a fast one", () => {
  it("the fast one has every message before the slow one has answered once; no request waited for the slow one", async () => {
    expect((await api.json("POST", "/events", newEvent({ eventId: "slow-drop" }))).status).toBe(201);
    // The slow endpoint has an attempt in flight before the registrations are made.
    await slowReceiver.waitFor((messages) => messages.length > 0);

    const slowAnswers = () => slowReceiver.messages("/slow").filter((message) => message.answeredOrder !== undefined);
    for (const userId of PEOPLE) {
      expect((await api.json("POST", "/events/slow-drop/registrations", { userId })).status).toBe(201);
      expect(slowAnswers()).toEqual([]); // answered while the slow endpoint still holds its attempts
    }
    await fastReceiver.waitFor(
      (messages) => keysOn(fastReceiver, "/fast").length === expectedKeys.length && messages.every((message) => message.answeredWith === 200),
      20_000,
    );
    expect(keysOn(fastReceiver, "/fast")).toEqual(expectedKeys);
    // Every fast delivery came before any answer of the slow endpoint, whose attempts are still in flight.
    expect(slowAnswers()).toEqual([]);
    expect(slowReceiver.inFlight()).toBeGreaterThan(0);

    // Let it answer: it gets every message too.
    slowReceiver.program("/slow", { held: false });
    await slowReceiver.waitFor(() => keysOn(slowReceiver, "/slow").length === expectedKeys.length, 30_000);
    expect(keysOn(slowReceiver, "/slow")).toEqual(expectedKeys);
  }, 40_000);
});

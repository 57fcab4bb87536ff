/** createEventsClient as a signed-in person: `token` (a string, or a function called per request) against an API secured by the dev issuer. */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { createEventsClient, errorCode, errorDetail } from "../src/index.js";
import { newEvent, startTestApi } from "../../api/test/harness.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "client-signed-in-service-key-0123456789";
const issuer = await startDevIssuer({ audience: AUDIENCE, users: { alice: { name: "Alice A", email: "alice@example.test" } } });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });

describe("a signed-in client", () => {
  it("token as a string: me.get is the person", async () => {
    const client = createEventsClient(api.baseUrl, { token: await issuer.token("alice") });
    expect(await client.me.get.query()).toEqual({ kind: "person", userId: "alice", name: "Alice A", email: "alice@example.test" });
  });

  it("token as an async function, called per request: a refreshed token is used", async () => {
    const tokens = [await issuer.token("alice"), await issuer.token("bob")];
    let calls = 0;
    const client = createEventsClient(api.baseUrl, { batch: false, token: async () => tokens[calls++ % 2] });
    expect((await client.me.get.query()).kind === "person" && calls).toBe(1);
    expect(await client.me.get.query()).toMatchObject({ kind: "person", userId: "bob" });
    expect(calls).toBe(2);
  });

  it("errorCode knows UNAUTHORIZED and FORBIDDEN", async () => {
    const anonymous = createEventsClient(api.baseUrl);
    const unauthorized = await anonymous.me.get.query().catch((e: unknown) => e);
    expect(errorCode(unauthorized)).toBe("UNAUTHORIZED");
    const refused = await createEventsClient(api.baseUrl, { token: "not.a.jwt" }).me.get.query().catch((e: unknown) => e);
    expect([errorCode(refused), errorDetail(refused)]).toEqual(["UNAUTHORIZED", "the access token is malformed"]);
    const person = createEventsClient(api.baseUrl, { token: await issuer.token("alice") });
    // An event of someone else's is not hers to change.
    const theirs = await createEventsClient(api.baseUrl, { apiKey: KEY }).events.create.mutate(newEvent({ ownerId: "bob" }));
    const forbidden = await person.events.update.mutate({ eventId: theirs.eventId, capacity: 7 }).catch((e: unknown) => e);
    expect(errorCode(forbidden)).toBe("FORBIDDEN");
    expect((await createEventsClient(api.baseUrl, { apiKey: KEY }).me.get.query())).toEqual({ kind: "service" });
  });
});

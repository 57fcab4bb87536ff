/**
 * The Lambda entry secured by an issuer (AUTH_ISSUER / AUTH_AUDIENCE in its
 * environment) and a service key: the same callers and refusals as REST and /trpc.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { REFUSAL_DETAILS } from "@events/identity";
import { jsonRequest, LAMBDA_API_KEY, startLambda } from "./lambda-harness.js";
import { sampleEvent, v2Event } from "./lambda-events.js";
import { INVALID_TOKEN } from "./auth-helpers.js";

const AUDIENCE = "https://api.events.test";
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());
const lambda = await startLambda(v2Event, { AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: AUDIENCE });
const token = await issuer.token("erin", { name: "Erin E" });
const asErin: [string, string][] = [["Authorization", `Bearer ${token}`]];

describe("the Lambda entry, secured by the issuer and a service key", () => {
  it("GET /me with a person's token: the person, not cacheable; with the key: a service", async () => {
    const reply = await lambda.send(jsonRequest("GET", "/me", undefined, asErin));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ kind: "person", userId: "erin", name: "Erin E" });
    expect(reply.headers.get("cache-control")).toBe("private, no-store");
    expect((await lambda.send(jsonRequest("GET", "/me", undefined, [["X-Api-Key", LAMBDA_API_KEY]]))).body).toEqual({ kind: "service" });
  });

  it("a person's create makes them its owner; the service's has none", async () => {
    const person = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "lambda-auth-1" }), asErin));
    expect([person.status, (person.body as { ownerId?: string }).ownerId]).toEqual([201, "erin"]);
    const service = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "lambda-auth-2" })));
    expect([service.status, (service.body as { ownerId?: string }).ownerId]).toEqual([201, undefined]);
  });

  it("a token with a bad signature, and a wrong key: 401 with WWW-Authenticate invalid_token, over REST and /trpc", async () => {
    const [header, payload] = token.split(".");
    const forged: [string, string][] = [["Authorization", `Bearer ${header}.${payload}.AAAA`]];
    for (const url of ["/me", "/trpc/me.get"]) {
      const reply = await lambda.send(jsonRequest("GET", url, undefined, forged));
      expect(reply.status, url).toBe(401);
      expect(reply.headers.get("www-authenticate"), url).toMatch(INVALID_TOKEN);
      expect(reply.text).toContain(REFUSAL_DETAILS.bad_signature);
      expect(reply.text).not.toContain(token.split(".")[1]!);
    }
    const wrongKey = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "lambda-auth-2" }), [["X-Api-Key", "x".repeat(40)]]));
    expect([wrongKey.status, wrongKey.body.detail]).toEqual([401, "The API key is not valid"]);
  });
});

/**
 * A few rows of the access table through the Lambda entry, with API Gateway
 * REST API (v1, stage `prod`) and HTTP API (v2) events: people from the dev
 * issuer's tokens, the service key the harness sends when a request has no
 * credential of its own, anyone (no credential at all), and a secret calendar
 * address under the stage.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { ANYONE, jsonRequest, startLambda } from "./lambda-harness.js";
import { DOMAIN, sampleEvent, v1Event, v2Event, type ClientRequest } from "./lambda-events.js";

const AUDIENCE = "https://api.events.test";
const issuer = await startDevIssuer({ audience: AUDIENCE, users: { max: { name: "Max Mustermann", email: "max@example.test" } } });
afterAll(() => issuer.close());
const lambda = await startLambda(v2Event, { AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: AUDIENCE });
const as = async (userId: string): Promise<[string, string][]> => [["Authorization", `Bearer ${await issuer.token(userId)}`]];
const lena = await as("lena");
const max = await as("max");

describe.each([
  ["v1", (request: ClientRequest) => lambda.invoke(v1Event(request)), "/prod"],
  ["v2", (request: ClientRequest) => lambda.invoke(v2Event(request)), ""],
] as const)("through the Lambda entry (%s)", (version, send, prefix) => {
  const draft = `lambda-${version}-draft`;
  const published = `lambda-${version}-published`;

  it("a person's events are theirs: created as owner, a draft hidden from another person, changed only by its owner", async () => {
    const created = await send(jsonRequest("POST", "/events", sampleEvent({ eventId: draft, status: "draft" }), lena));
    expect([created.status, created.body.ownerId]).toEqual([201, "lena"]);
    expect((await send(jsonRequest("POST", "/events", sampleEvent({ eventId: published, status: "published" }), lena))).status).toBe(201);

    expect((await send(jsonRequest("GET", `/events/${draft}`, undefined, max))).status).toBe(404);
    expect((await send(jsonRequest("GET", `/events/${draft}`, undefined, lena))).status).toBe(200);
    expect((await send(jsonRequest("GET", `/events/${draft}`))).status).toBe(200);

    const denied = await send(jsonRequest("PUT", `/events/${published}`, { capacity: 5 }, max));
    expect([denied.status, denied.headers.get("content-type")]).toEqual([403, "application/problem+json"]);
    expect((await send(jsonRequest("PUT", `/events/${published}`, { capacity: 5 }, lena))).status).toBe(200);
    const owners = await send(jsonRequest("GET", "/users/lena/events", undefined, max));
    const listed = owners.body.map((event: { eventId: string }) => event.eventId);
    expect([listed.includes(published), listed.includes(draft)]).toEqual([true, false]);
  });

  it("a person registers themselves (their token's name and e-mail), and sees only their own", async () => {
    const registered = await send(jsonRequest("POST", `/events/${published}/registrations`, {}, max));
    expect([registered.status, registered.body]).toMatchObject([201, { userId: "max", name: "Max Mustermann", email: "max@example.test" }]);
    expect(registered.headers.get("cache-control")).toBe("private, no-store");
    expect((await send(jsonRequest("POST", `/events/${published}/registrations`, { userId: "lena" }, max))).status).toBe(403);
    expect((await send(jsonRequest("GET", "/users/lena/registrations", undefined, max))).status).toBe(403);
    expect((await send(jsonRequest("GET", `/events/${published}/registrations`, undefined, max))).status).toBe(403);
    const listed = await send(jsonRequest("GET", `/events/${published}/registrations`, undefined, lena));
    expect(listed.body.map((r: { userId: string }) => r.userId)).toEqual(["max"]);
  });

  it("anyone reads what is public and nothing else: writes and rosters are 401 with the challenge, a draft 404", async () => {
    const create = await send(jsonRequest("POST", "/events", sampleEvent({ eventId: `lambda-${version}-anon` }), ANYONE));
    expect([create.status, create.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="events-api"']);
    expect((await send(jsonRequest("GET", `/events/${published}`, undefined, ANYONE))).status).toBe(200);
    expect((await send(jsonRequest("GET", `/events/${draft}`, undefined, ANYONE))).status).toBe(404);
    expect((await send(jsonRequest("GET", `/events/${published}/registrations`, undefined, ANYONE))).status).toBe(401);
    expect((await send(jsonRequest("GET", "/users/max/registrations", undefined, ANYONE))).status).toBe(401);
    expect((await send(jsonRequest("GET", `/events/lambda-${version}-anon`))).status).toBe(404);
  });

  it("a secret calendar address under the stage the client called, read by whoever has it", async () => {
    const issued = await send(jsonRequest("POST", "/users/max/calendar-token", undefined, max));
    expect(issued.status).toBe(201);
    const url = new URL(issued.body.url);
    expect(`${url.origin}${url.pathname}`).toMatch(new RegExp(`^https://${DOMAIN.replace(/\./g, "\\.")}${prefix}/calendars/[A-Za-z0-9_-]{43}\\.ics$`));
    const feed = await send(jsonRequest("GET", url.pathname.slice(prefix.length), undefined, ANYONE));
    expect([feed.status, feed.headers.get("content-type"), feed.headers.get("cache-control")]).toEqual([
      200,
      "text/calendar; charset=utf-8",
      "private, no-store",
    ]);
    expect(feed.text).toContain(`UID:${published}@`);
    expect((await send(jsonRequest("POST", "/users/max/calendar-token", undefined, lena))).status).toBe(403);
  });
});

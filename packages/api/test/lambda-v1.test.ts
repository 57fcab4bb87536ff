/**
 * The Lambda entry with API Gateway REST API events (payload format 1.0,
 * Lambda proxy integration on `/{proxy+}`, stage `prod`), in-process, over a
 * fresh embedded store.
 */
import { describe, expect, it } from "vitest";
import { etagPattern, nextLink } from "./rest-helpers.js";
import { describeContract, expectJsonReply } from "./lambda-contract.js";
import { jsonRequest, startLambda } from "./lambda-harness.js";
import { describeFeeds } from "./lambda-feeds.js";
import { DOMAIN, sampleEvent, v1Event } from "./lambda-events.js";

const lambda = await startLambda(v1Event);

describeContract("v1", lambda, "/prod");
describeFeeds("v1", lambda, "/prod");

describe("v1: the event and the result", () => {
  it("a JSON result: statusCode, multiValueHeaders (arrays of strings), body string, isBase64Encoded false", async () => {
    const reply = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v1-shape" })));
    const raw = reply.raw;
    expect(Object.keys(raw).sort()).toEqual(["body", "isBase64Encoded", "multiValueHeaders", "statusCode"]);
    expect(raw.statusCode).toBe(201);
    expect(raw.isBase64Encoded).toBe(false);
    expect(typeof raw.body).toBe("string");
    expect(JSON.parse(raw.body)).toMatchObject({ eventId: "v1-shape" });
    for (const [name, values] of Object.entries(raw.multiValueHeaders ?? {})) {
      expect(Array.isArray(values), name).toBe(true);
      for (const value of values) expect(typeof value, name).toBe("string");
    }
    expect(raw.multiValueHeaders).toMatchObject({
      "content-type": [expect.stringMatching(/^application\/json/)],
      location: ["/prod/events/v1-shape"],
      etag: [expect.stringMatching(etagPattern(1))],
      "x-request-id": [expect.any(String)],
    });
  });

  it("204: an empty string body and no content-type header", async () => {
    await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v1-204" })));
    const { raw } = await lambda.send(jsonRequest("DELETE", "/events/v1-204"));
    expect(raw.statusCode).toBe(204);
    expect(raw.body).toBe("");
    expect(raw.isBase64Encoded).toBe(false);
    expect(Object.keys(raw.multiValueHeaders ?? {})).not.toContain("content-type");
  });

  it("an event without multiValueHeaders (a hand-written test event) gets single-value headers back", async () => {
    const event = v1Event(jsonRequest("GET", "/health"));
    const reply = await lambda.invoke({ ...event, multiValueHeaders: null });
    expect(reply.status).toBe(200);
    expect(reply.raw.headers).toMatchObject({ "content-type": expect.stringMatching(/^application\/json/) });
    expect(reply.raw.multiValueHeaders).toBeUndefined();
  });

  it("multiValueQueryStringParameters wins over queryStringParameters: a repeated status is a 422", async () => {
    // queryStringParameters holds only the last value ("draft"); reading it alone would filter by draft.
    const event = v1Event(jsonRequest("GET", "/events?status=published&status=draft"));
    expect(event.queryStringParameters).toEqual({ status: "draft" });
    const reply = await lambda.invoke(event);
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain("status");
  });

  it("multiValueHeaders wins over headers: a repeated X-Forwarded-For and If-Match are read in full", async () => {
    await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v1-mv" })));
    const event = v1Event(
      jsonRequest("PUT", "/events/v1-mv", { title: "Both tags" }, [
        ["X-Forwarded-For", "198.51.100.7"],
        ["X-Forwarded-For", "192.0.2.44"],
        ["If-Match", '"1"'],
        ["If-Match", '"9"'],
      ]),
    );
    expect(event.multiValueHeaders?.["X-Forwarded-For"]).toEqual(["198.51.100.7", "192.0.2.44, 203.0.113.10"]);
    expect(event.headers?.["If-Match"]).toBe('"9"');
    const reply = await lambda.invoke(event);
    expectJsonReply(reply, 200);
    expect(reply.body.title).toBe("Both tags");
  });

  it("the query string survives API Gateway's decoding: a + in a value is re-encoded, not read as a space", async () => {
    // API Gateway hands over decoded values; the adapter must encode them again for the app.
    await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v1-q", date: "2042-05-05T12:00:00Z" })));
    const from = encodeURIComponent("2042-05-05T13:30:00+02:00"); // 11:30Z: keeps the 12:00Z event
    const reply = await lambda.send(jsonRequest("GET", `/events?from=${from}&to=2042-05-06`));
    expectJsonReply(reply, 200);
    expect(reply.body.map((e: { eventId: string }) => e.eventId)).toEqual(["v1-q"]);
  });
});

/**
 * A REST API is called with the stage in the path (`https://{api}.execute-api.{region}.amazonaws.com/prod/events`),
 * but the event's `path` has no stage (`/events`; `requestContext.path` has it). What the app puts in
 * links must still lead the client to the right place when resolved against the URL the client called.
 */
describe("v1 behind a stage: links resolve to the stage the client called", () => {
  const clientUrl = (path: string) => `https://${DOMAIN}/prod${path}`;

  it("Location of a created event", async () => {
    const reply = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v1-stage-loc" })));
    expect(reply.status).toBe(201);
    const location = reply.headers.get("location");
    expect(location).toBeTruthy();
    expect(new URL(location!, clientUrl("/events")).pathname).toBe("/prod/events/v1-stage-loc");
  });

  it("Link rel=next of a list page", async () => {
    for (const id of ["v1-stage-a", "v1-stage-b"]) {
      await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: id, date: "2043-01-01" })));
    }
    const reply = await lambda.send(jsonRequest("GET", "/events?from=2043-01-01&to=2043-01-01&limit=1"));
    expect(reply.status).toBe(200);
    const next = nextLink(reply.headers.get("link"));
    expect(next).toBeDefined();
    expect(new URL(next!, clientUrl("/events?from=2043-01-01&to=2043-01-01&limit=1")).pathname).toBe("/prod/events");
  });

  it("/docs loads its assets and the OpenAPI document relative to the page, so under the stage", async () => {
    const reply = await lambda.send(jsonRequest("GET", "/docs"));
    expect(reply.status).toBe(200);
    const refs = [...reply.text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(new URL(ref, clientUrl("/docs")).pathname).toMatch(/^\/prod\/docs\//);
    const init = await lambda.send(jsonRequest("GET", "/docs/init.js"));
    expect(init.text).toMatch(/new URL\("openapi\.json", document\.baseURI\)/);
  });

  it("/openapi.json's server, used by /docs for try-it calls", async () => {
    const reply = await lambda.send(jsonRequest("GET", "/openapi.json"));
    expect(reply.status).toBe(200);
    const server = reply.body.servers?.[0]?.url as string | undefined;
    expect(server).toBeDefined();
    expect(new URL(`${server!.replace(/\/$/, "")}/events`, clientUrl("/openapi.json")).pathname).toBe("/prod/events");
  });
});

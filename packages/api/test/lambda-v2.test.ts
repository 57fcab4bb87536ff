/**
 * The Lambda entry with API Gateway HTTP API events (payload format 2.0, the
 * `$default` stage, as `sst.aws.ApiGatewayV2` deploys it), in-process, over a
 * fresh embedded store.
 */
import { describe, expect, it } from "vitest";
import { describeContract } from "./lambda-contract.js";
import { jsonRequest, startLambda } from "./lambda-harness.js";
import { describeFeeds } from "./lambda-feeds.js";
import { etagPattern } from "./rest-helpers.js";
import { sampleEvent, v2Event, type V2Event } from "./lambda-events.js";

const lambda = await startLambda(v2Event);

describeContract("v2", lambda);
describeFeeds("v2", lambda);

describe("v2: the event and the result", () => {
  it("a JSON result: statusCode, headers (single strings), body string, isBase64Encoded false", async () => {
    const reply = await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v2-shape" })));
    const raw = reply.raw;
    expect(Object.keys(raw).sort()).toEqual(["body", "headers", "isBase64Encoded", "statusCode"]);
    expect(raw.statusCode).toBe(201);
    expect(raw.isBase64Encoded).toBe(false);
    expect(typeof raw.body).toBe("string");
    expect(JSON.parse(raw.body)).toMatchObject({ eventId: "v2-shape" });
    for (const [name, value] of Object.entries(raw.headers ?? {})) {
      expect(name).toBe(name.toLowerCase());
      expect(typeof value, name).toBe("string");
    }
    expect(raw.headers).toMatchObject({
      "content-type": expect.stringMatching(/^application\/json/),
      location: "/events/v2-shape",
      etag: expect.stringMatching(etagPattern(1)),
      "x-request-id": expect.any(String),
    });
  });

  it("204: an empty string body and no content-type header", async () => {
    await lambda.send(jsonRequest("POST", "/events", sampleEvent({ eventId: "v2-204" })));
    const { raw } = await lambda.send(jsonRequest("DELETE", "/events/v2-204"));
    expect(raw.statusCode).toBe(204);
    expect(raw.body).toBe("");
    expect(raw.isBase64Encoded).toBe(false);
    expect(Object.keys(raw.headers ?? {})).not.toContain("content-type");
  });

  it("the raw query string is what counts, not queryStringParameters' comma-joined values", async () => {
    // queryStringParameters says status "published,draft"; the app reads two values from rawQueryString: 422.
    const event: V2Event = v2Event(jsonRequest("GET", "/events?status=published&status=draft"));
    expect(event.queryStringParameters).toEqual({ status: "published,draft" });
    const reply = await lambda.invoke(event);
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain("status");
  });

  it("cookies in the event do not disturb a request", async () => {
    const reply = await lambda.send(jsonRequest("GET", "/health", undefined, [["Cookie", "session=abc; theme=dark"]]));
    expect(reply.status).toBe(200);
    expect(reply.raw.cookies).toBeUndefined();
  });
});

describe("v2 on a named stage", () => {
  it("routes without the stage and puts it into the links it sends; a client's X-Forwarded-Prefix is replaced", async () => {
    const event = v2Event(jsonRequest("POST", "/events", sampleEvent({ eventId: "v2-stage" })));
    event.rawPath = `/beta${event.rawPath}`;
    event.requestContext.stage = "beta";
    event.headers["x-forwarded-prefix"] = "/evil";
    const created = await lambda.invoke(event);
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe("/beta/events/v2-stage");

    const list = v2Event(jsonRequest("GET", "/events?limit=1"));
    list.rawPath = `/beta${list.rawPath}`;
    list.requestContext.stage = "beta";
    await lambda.invoke(v2Event(jsonRequest("POST", "/events", sampleEvent({ eventId: "v2-stage-2" }))));
    const page = await lambda.invoke(list);
    expect(page.status).toBe(200);
    expect(page.headers.get("link")).toMatch(/^<\/beta\/events\?limit=1&cursor=[^>]+>; rel="next"$/);
  });
});

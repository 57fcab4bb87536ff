/**
 * The calendar feeds through the Lambda entry, for each kind of API Gateway
 * event (lambda-v1.test.ts, lambda-v2.test.ts): text bodies (not base64),
 * the calendar content type, ETags and 304s, and URLs with the stage prefix.
 */
import { describe, expect, it } from "vitest";
import { eventUid } from "../src/protocol/calendar/index.js";
import { expectProblem } from "./rest-helpers.js";
import { jsonRequest, type LambdaApi } from "./lambda-harness.js";
import { sampleEvent } from "./lambda-events.js";
import { parseFeed, text } from "./calendar/ical-parse.js";

export function describeFeeds(name: string, { send }: LambdaApi, prefix = "") {
  describe(`${name}: calendar feeds`, () => {
    it("GET /events/{eventId}/calendar.ics: a text/calendar body as text, its ETag, then 304", async () => {
      const eventId = `${name}-feed-1`;
      expect((await send(jsonRequest("POST", "/events", sampleEvent({ eventId, title: "Café, “Lambda”; ☕" })))).status).toBe(201);
      const reply = await send(jsonRequest("GET", `/events/${eventId}/calendar.ics`));
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(reply.raw.body).toBe(reply.text);
      const vevent = parseFeed(reply.text).events[0]!;
      expect(text(vevent, "uid")).toBe(eventUid(eventId));
      expect(text(vevent, "summary")).toBe("Café, “Lambda”; ☕");
      expect(text(vevent, "url")).toMatch(new RegExp(`^https://[^/]+${prefix}/events/${eventId}$`));

      const etag = reply.headers.get("etag")!;
      const again = await send(jsonRequest("GET", `/events/${eventId}/calendar.ics`, undefined, [["If-None-Match", etag]]));
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.raw.body).toBe("");
      const json = await send(jsonRequest("GET", `/events/${eventId}`, undefined, [["If-None-Match", '"1"']]));
      expect(json.status).toBe(304);
    });

    it("GET /events.ics with filters; a 422 for a bad one; a 404 for a missing event's feed", async () => {
      await send(jsonRequest("POST", "/events", sampleEvent({ eventId: `${name}-feed-2`, date: "2035-05-05", status: "active" })));
      const reply = await send(jsonRequest("GET", "/events.ics?from=2035-05-01&to=2035-05-31"));
      expect(reply.status).toBe(200);
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(parseFeed(reply.text).events.map((e) => text(e, "uid"))).toEqual([eventUid(`${name}-feed-2`)]);
      expectProblem(await send(jsonRequest("GET", "/events.ics?status=soon")), 422);
      expectProblem(await send(jsonRequest("GET", "/events/none/calendar.ics")), 404, "Event not found");
    });
  });
}

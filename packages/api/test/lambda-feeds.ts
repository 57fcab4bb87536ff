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
      const current = (await send(jsonRequest("GET", `/events/${eventId}`))).headers.get("etag")!;
      const json = await send(jsonRequest("GET", `/events/${eventId}`, undefined, [["If-None-Match", current]]));
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

    it("GET /users/{userId}/calendar.ics: the registered events only, its ETag and 304; a cancelled place leaves; a bad id is 422", async () => {
      const userId = `${name}-person`;
      const [held, waiting] = [`${name}-feed-held`, `${name}-feed-full`];
      expect((await send(jsonRequest("POST", "/events", sampleEvent({ eventId: held, date: "2035-06-01", status: "published" })))).status).toBe(201);
      const full = sampleEvent({ eventId: waiting, date: "2035-06-02", status: "published", capacity: 1, waitlistEnabled: true });
      expect((await send(jsonRequest("POST", "/events", full))).status).toBe(201);
      expect((await send(jsonRequest("POST", `/events/${waiting}/registrations`, { userId: `${name}-first` }))).status).toBe(201);
      for (const eventId of [held, waiting]) {
        expect((await send(jsonRequest("POST", `/events/${eventId}/registrations`, { userId }))).status).toBe(201);
      }
      const list = await send(jsonRequest("GET", `/users/${userId}/registrations`));
      const registered = (JSON.parse(list.text) as { eventId: string; status: string }[]).filter((r) => r.status === "registered");
      expect(registered.map((r) => r.eventId)).toEqual([held]);

      const reply = await send(jsonRequest("GET", `/users/${userId}/calendar.ics`));
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(parseFeed(reply.text).events.map((e) => text(e, "uid"))).toEqual(registered.map((r) => eventUid(r.eventId)));
      const etag = reply.headers.get("etag")!;
      const again = await send(jsonRequest("GET", `/users/${userId}/calendar.ics`, undefined, [["If-None-Match", etag]]));
      expect(again.status).toBe(304);
      expect(again.raw.body).toBe("");

      expect((await send(jsonRequest("DELETE", `/events/${held}/registrations/${userId}`))).status).toBe(204);
      const after = await send(jsonRequest("GET", `/users/${userId}/calendar.ics`, undefined, [["If-None-Match", etag]]));
      expect(after.status).toBe(200);
      expect(after.headers.get("etag")).not.toBe(etag);
      expect(parseFeed(after.text).events).toEqual([]);
      expectProblem(await send(jsonRequest("GET", "/users/a!b/calendar.ics")), 422);
    });
  });
}

/** GET /events/{eventId} over HTTP: 200 + ETag, 404 problem details, case-sensitive ids. */
import { beforeAll, describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { etagPattern, expectProblem } from "./rest-helpers.js";

const api = await startTestApi();

let created: Record<string, unknown>;

beforeAll(async () => {
  const res = await api.json("POST", "/events", newEvent({ eventId: "read-1", title: "Readable" }));
  expect(res.status, res.text).toBe(201);
  created = res.body;
});

describe("GET /events/{eventId}", () => {
  it("200 with the stored event, JSON, a strong ETag and an X-Request-Id", async () => {
    const res = await api.json("GET", "/events/read-1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("etag")).toMatch(etagPattern(1));
    expect(res.headers.get("etag")).not.toMatch(/^W\//);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.body).toEqual(created);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        "capacity",
        "createdAt",
        "date",
        "description",
        "eventId",
        "location",
        "organizer",
        "registeredCount",
        "status",
        "title",
        "updatedAt",
        "version",
        "waitlistCount",
        "waitlistEnabled",
      ],
    );
  });

  it("the ETag follows the version", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "read-etag" }));
    expect((await api.json("PUT", "/events/read-etag", { capacity: 2 })).status).toBe(200);
    expect((await api.json("PUT", "/events/read-etag", { capacity: 3 })).status).toBe(200);
    const res = await api.json("GET", "/events/read-etag");
    expect(res.body.version).toBe(3);
    expect(res.headers.get("etag")).toMatch(etagPattern(3));
  });

  it("404 Event not found, as problem details", async () => {
    const res = await api.json("GET", "/events/does-not-exist");
    expectProblem(res, 404, "Event not found");
    expect(res.body).toEqual({ type: expect.any(String), title: "Not Found", status: 404, detail: "Event not found" });
    expect(res.headers.get("etag")).toBeNull();
  });

  it("an id that no event can have (bad characters, too long) is 404, not 422 or 500", async () => {
    for (const path of ["/events/a%20b", "/events/caf%C3%A9", `/events/${"x".repeat(129)}`, "/events/%E0%A4%A"]) {
      const res = await api.json("GET", path);
      expectProblem(res, 404, "Event not found");
    }
  });

  it("ids are case-sensitive: EVT-1 and evt-1 are different events", async () => {
    const upper = await api.json("POST", "/events", newEvent({ eventId: "EVT-1", title: "Upper" }));
    expect(upper.status).toBe(201);
    expectProblem(await api.json("GET", "/events/evt-1"), 404, "Event not found");
    expectProblem(await api.json("GET", "/events/Evt-1"), 404, "Event not found");

    const lower = await api.json("POST", "/events", newEvent({ eventId: "evt-1", title: "Lower" }));
    expect(lower.status, lower.text).toBe(201);
    expect((await api.json("GET", "/events/EVT-1")).body.title).toBe("Upper");
    expect((await api.json("GET", "/events/evt-1")).body.title).toBe("Lower");
  });

  it("a percent-encoded id names the same event", async () => {
    const res = await api.json("GET", "/events/read%2D1");
    expect(res.status, res.text).toBe(200);
    expect(res.body.eventId).toBe("read-1");
  });

  it("HEAD answers like GET without a body", async () => {
    const res = await api.request("/events/read-1", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(etagPattern(1));
    expect(await res.text()).toBe("");
    const missing = await api.request("/events/nope", { method: "HEAD" });
    expect(missing.status).toBe(404);
  });
});

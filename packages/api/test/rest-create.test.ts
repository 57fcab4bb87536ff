/** POST /events over HTTP: 201 + Location + ETag, defaults, 409, 422 per field, 400, 415, 413. */
import http from "node:http";
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { allEvents, etagPattern, expectFieldError, expectProblem, rawRequest } from "./rest-helpers.js";

const api = await startTestApi();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const json = { "Content-Type": "application/json" };
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** Runs a request that must be rejected and checks that the store did not change. */
async function rejected<T>(send: () => Promise<T>): Promise<T> {
  const before = (await allEvents(api)).map((e) => e.eventId).sort();
  const result = await send();
  const after = (await allEvents(api)).map((e) => e.eventId).sort();
  expect(after).toEqual(before);
  return result;
}

describe("POST /events: success", () => {
  it("201 with the stored event, Location and a strong ETag", async () => {
    const body = newEvent({ eventId: "create-1" });
    const res = await api.json("POST", "/events", body);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("location")).toBe("/events/create-1");
    expect(res.headers.get("etag")).toMatch(etagPattern(1));
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.body).toEqual({
      ...body,
      waitlistEnabled: false,
      registeredCount: 0,
      waitlistCount: 0,
      createdAt: expect.stringMatching(ISO_UTC),
      updatedAt: expect.stringMatching(ISO_UTC),
      version: 1,
    });
    expect(res.body.createdAt).toBe(res.body.updatedAt);

    const stored = await api.json("GET", "/events/create-1");
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(res.body);
  });

  it("generates a UUID when no eventId is sent", async () => {
    const body = newEvent();
    expect(body).not.toHaveProperty("eventId");
    const res = await api.json("POST", "/events", body);
    expect(res.status, res.text).toBe(201);
    expect(res.body.eventId).toMatch(UUID);
    expect(res.headers.get("location")).toBe(`/events/${res.body.eventId}`);
    expect(res.headers.get("etag")).toMatch(etagPattern(1));

    const stored = await api.json("GET", res.headers.get("location")!);
    expect(stored.status).toBe(200);
    expect(stored.body.eventId).toBe(res.body.eventId);

    const again = await api.json("POST", "/events", body);
    expect(again.status).toBe(201);
    expect(again.body.eventId).toMatch(UUID);
    expect(again.body.eventId).not.toBe(res.body.eventId);
  });

  it("keeps a custom id using every allowed character class, up to 128 characters", async () => {
    for (const eventId of ["Az09-_.~", "x".repeat(128), "a"]) {
      const res = await api.json("POST", "/events", newEvent({ eventId }));
      expect(res.status, res.text).toBe(201);
      expect(res.body.eventId).toBe(eventId);
      expect(res.headers.get("location")).toBe(`/events/${eventId}`);
      const stored = await api.json("GET", `/events/${eventId}`);
      expect(stored.status).toBe(200);
      expect(stored.body.eventId).toBe(eventId);
    }
  });

  it("accepts every status and every documented date form, returning the date exactly as sent", async () => {
    const statuses = ["draft", "published", "cancelled", "completed", "active"];
    for (const status of statuses) {
      const res = await api.json("POST", "/events", newEvent({ status }));
      expect(res.status, res.text).toBe(201);
      expect(res.body.status).toBe(status);
    }
    const dates = [
      "2024-12-15",
      "2024-12-15T18:30:00Z",
      "2024-12-15T18:30:00+02:00",
      "2024-12-15T18:30:00-05:30",
      "2024-12-15T18:30:00",
      "2024-12-15T18:30Z",
      "2024-12-15T18:30:00.123Z",
      "2024-02-29",
    ];
    for (const date of dates) {
      const res = await api.json("POST", "/events", newEvent({ date }));
      expect(res.status, `${date}: ${res.text}`).toBe(201);
      expect(res.body.date).toBe(date);
      expect((await api.json("GET", `/events/${res.body.eventId}`)).body.date).toBe(date);
    }
  });

  it("accepts the field limits exactly (capacity 1 and 100000, 200-character title, 1000-character description)", async () => {
    const body = newEvent({
      capacity: 100000,
      title: "t".repeat(200),
      description: "d".repeat(1000),
      location: "l".repeat(200),
      organizer: "o".repeat(100),
    });
    const res = await api.json("POST", "/events", body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject(body);
    const low = await api.json("POST", "/events", newEvent({ capacity: 1 }));
    expect(low.status, low.text).toBe(201);
    expect(low.body.capacity).toBe(1);
  });

  it("counts text limits in characters, not UTF-16 units or bytes: 200 emoji is a valid title, 201 is not", async () => {
    const ok = await api.json("POST", "/events", newEvent({ title: "😀".repeat(200), organizer: "é".repeat(100) }));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.title).toBe("😀".repeat(200));
    expect((await api.json("GET", `/events/${ok.body.eventId}`)).body.title).toBe("😀".repeat(200));
    const tooLong = await rejected(() => api.json("POST", "/events", newEvent({ title: "😀".repeat(201) })));
    expectFieldError(tooLong, "title");
  });

  it("accepts application/json with a charset parameter", async () => {
    const res = await api.request("/events", {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(newEvent({ eventId: "create-charset" })),
    });
    expect(res.status).toBe(201);
  });
});

describe("POST /events: 409 on a duplicate id", () => {
  // The 409 itself, over REST and tRPC: events-contract.test.ts.
  it("ids are case-sensitive: EVT-DUP and evt-dup are two events", async () => {
    const upper = await api.json("POST", "/events", newEvent({ eventId: "EVT-DUP", title: "Upper" }));
    const lower = await api.json("POST", "/events", newEvent({ eventId: "evt-dup", title: "Lower" }));
    expect(upper.status).toBe(201);
    expect(lower.status, lower.text).toBe(201);
    expect((await api.json("GET", "/events/EVT-DUP")).body.title).toBe("Upper");
    expect((await api.json("GET", "/events/evt-dup")).body.title).toBe("Lower");
  });
});

describe("POST /events: 422 for each invalid field, naming it, storing nothing", () => {
  // Each invalid field on its own: events-contract.test.ts, over REST and tRPC.
  it("a missing required field is named", async () => {
    for (const field of ["title", "description", "date", "location", "capacity", "organizer"]) {
      const body: Record<string, unknown> = newEvent();
      delete body[field];
      const res = await rejected(() => api.json("POST", "/events", body));
      expectFieldError(res, field);
    }
  });

  it("several invalid fields give one entry each", async () => {
    const res = await rejected(() =>
      api.json("POST", "/events", newEvent({ title: "", capacity: "500", date: "2024-02-30", capcity: 1 })),
    );
    expectProblem(res, 422);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["capacity", "capcity", "date", "title"]);
  });

  it("an invalid body with a custom id stores nothing under that id", async () => {
    const res = await api.json("POST", "/events", newEvent({ eventId: "never-stored", capacity: 0 }));
    expectFieldError(res, "capacity");
    expectProblem(await api.json("GET", "/events/never-stored"), 404);
  });
});

describe("POST /events: bodies that are not a JSON object", () => {
  it("malformed JSON -> 400", async () => {
    const res = await rejected(() => api.json("POST", "/events", '{"title": "x",'));
    expectProblem(res, 400);
  });

  it("JSON with a trailing comma -> 400", async () => {
    const res = await rejected(() => api.json("POST", "/events", JSON.stringify(newEvent()).replace(/}$/, ",}")));
    expectProblem(res, 400);
  });

  it("a JSON array -> 422", async () => {
    const res = await rejected(() => api.json("POST", "/events", [newEvent()]));
    expectProblem(res, 422);
    expect(Array.isArray(res.body.errors)).toBe(true);
  });

  it("a JSON string, number or null -> 422", async () => {
    for (const raw of ['"hello"', "42", "null", "true"]) {
      const res = await rejected(() => api.json("POST", "/events", raw));
      expectProblem(res, 422);
    }
  });

  it("an empty body with a JSON content type is rejected (4xx problem), nothing stored", async () => {
    const res = await rejected(() => api.json("POST", "/events", ""));
    expect([400, 422]).toContain(res.status);
    expectProblem(res, res.status);
  });

  it("text/plain -> 415", async () => {
    const res = await rejected(async () => {
      const response = await api.request("/events", {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify(newEvent({ eventId: "as-text" })),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    });
    expectProblem(res, 415);
    expectProblem(await api.json("GET", "/events/as-text"), 404);
  });

  it("form-encoded -> 415", async () => {
    const res = await rejected(async () => {
      const response = await api.request("/events", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "title=x",
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    });
    expectProblem(res, 415);
  });

  it("no Content-Type at all -> 415", async () => {
    const res = await rejected(async () => {
      // A byte body: fetch adds no Content-Type for it.
      const response = await api.request("/events", {
        method: "POST",
        body: new TextEncoder().encode(JSON.stringify(newEvent({ eventId: "no-type" }))),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    });
    expectProblem(res, 415);
    expectProblem(await api.json("GET", "/events/no-type"), 404);
  });

  // Each oversized body goes over a fresh connection (see "the connection after an early rejection" below).

  it("a body over 1 MiB -> 413", async () => {
    const body = JSON.stringify(newEvent({ eventId: "too-big", description: "x".repeat(1024 * 1024 + 10) }));
    const res = await rejected(() => rawRequest(api, "POST", "/events", { headers: json, body }));
    expectProblem(res, 413);
    expectProblem(await api.json("GET", "/events/too-big"), 404);
  });

  it("a body over 1 MiB of valid JSON (whitespace padding) -> 413, not 201", async () => {
    const body = JSON.stringify(newEvent({ eventId: "too-big-padded" })).replace(/}$/, `${" ".repeat(1024 * 1024)}}`);
    const res = await rejected(() => rawRequest(api, "POST", "/events", { headers: json, body }));
    expectProblem(res, 413);
    expectProblem(await api.json("GET", "/events/too-big-padded"), 404);
  });

  it("a chunked body over 1 MiB (no Content-Length) -> 413", async () => {
    const body = JSON.stringify(newEvent({ eventId: "too-big-chunked" })).replace(/}$/, `${" ".repeat(1024 * 1024)}}`);
    const res = await rejected(() => rawRequest(api, "POST", "/events", { headers: json, body, chunked: true }));
    expectProblem(res, 413);
    expectProblem(await api.json("GET", "/events/too-big-chunked"), 404);
  });

  it("a valid body of exactly 1 MiB is not 413 (201)", async () => {
    const compact = JSON.stringify(newEvent({ eventId: "exactly-1mib" }));
    const body = compact.replace(/}$/, `${" ".repeat(1024 * 1024 - Buffer.byteLength(compact))}}`);
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const res = await rawRequest(api, "POST", "/events", { headers: json, body });
    expect(res.status, res.text).toBe(201);
  });

  it("a body of just under 1 MiB is read (422 for the over-long description, not 413)", async () => {
    const body = JSON.stringify(newEvent({ description: "x".repeat(1024 * 1024 - 1024) }));
    const res = await rejected(() => rawRequest(api, "POST", "/events", { headers: json, body }));
    expectFieldError(res, "description");
  });
});

describe("the connection after an early rejection", () => {
  // A client (fetch, curl, any keep-alive pool) sends its next request on the same
  // connection when the response says `Connection: keep-alive`. That request must be
  // answered: either the server reads and discards the rejected body, or it says
  // `Connection: close` so that the client opens a new connection.
  async function nextRequestOnSameConnection(first: { headers: Record<string, string>; body: string }) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const rejectedResponse = await rawRequest(api, "POST", "/events", { ...first, agent });
      const next = await rawRequest(api, "GET", "/health", { agent }).catch((error: unknown) => ({
        status: 0,
        text: `request failed: ${String(error)}`,
      }));
      return { rejectedResponse, next };
    } finally {
      agent.destroy();
    }
  }

  it("after a 413, the next request on the same connection is answered", async () => {
    const body = JSON.stringify(newEvent()).replace(/}$/, `${" ".repeat(1024 * 1024)}}`);
    const { rejectedResponse, next } = await nextRequestOnSameConnection({ headers: json, body });
    expectProblem(rejectedResponse, 413);
    expect(next.status, next.text).toBe(200);
  });

  it("after a 415 with a large unread body, the next request on the same connection is answered", async () => {
    const body = JSON.stringify(newEvent({ description: "x".repeat(900_000) }));
    const { rejectedResponse, next } = await nextRequestOnSameConnection({ headers: { "Content-Type": "text/plain" }, body });
    expectProblem(rejectedResponse, 415);
    expect(next.status, next.text).toBe(200);
  });
});

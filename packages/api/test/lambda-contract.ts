/**
 * The contract through the Lambda entry, written once and run for each kind of
 * API Gateway event (lambda-v1.test.ts, lambda-v2.test.ts): every REST path,
 * /trpc, /health, /openapi.json, /docs, query strings, multi-value headers,
 * base64 bodies, CORS and errors.
 */
import { describe, expect, it } from "vitest";
import { etagPattern, expectFieldError, expectProblem, nextLink } from "./rest-helpers.js";
import { jsonRequest, type LambdaApi } from "./lambda-harness.js";
import { sampleEvent, type Reply } from "./lambda-events.js";
import { DOCUMENTED_PATHS } from "./operations.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every JSON reply looks like on the way out of the handler. */
export function expectJsonReply(reply: Reply, status: number) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  expect(reply.raw.isBase64Encoded).toBe(false);
  expect(typeof reply.raw.body).toBe("string");
  expect(reply.body, reply.text).toBeDefined();
}

/** The tRPC result of a single (non-batched) call. */
function trpcData(reply: Reply) {
  expectJsonReply(reply, 200);
  return reply.body.result.data;
}

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify(input));

/**
 * @param prefix the path prefix clients see in front of the app's paths (a
 * REST API's stage, "/prod"); Location and Link headers must carry it.
 */
export function describeContract(name: string, lambda: LambdaApi, prefix = "") {
  const { send } = lambda;
  let counter = 0;
  const freshId = (prefix: string) => `${name}-${prefix}-${++counter}`;

  async function seed(overrides: Record<string, unknown> = {}) {
    const eventId = freshId("seed");
    const reply = await send(jsonRequest("POST", "/events", sampleEvent({ eventId, ...overrides })));
    expect(reply.status, reply.text).toBe(201);
    return reply.body as Record<string, unknown> & { eventId: string; version: number };
  }

  describe(`${name}: POST /events`, () => {
    it("201 with the stored event, Location and ETag", async () => {
      const eventId = freshId("create");
      const reply = await send(jsonRequest("POST", "/events", sampleEvent({ eventId })));
      expectJsonReply(reply, 201);
      expect(reply.headers.get("location")).toBe(`${prefix}/events/${eventId}`);
      expect(reply.headers.get("etag")).toMatch(etagPattern(1));
      expect(reply.body).toEqual({
        ...sampleEvent({ eventId }),
        waitlistEnabled: false,
        registeredCount: 0,
        waitlistCount: 0,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it("generates a UUID when no eventId is sent, and status defaults to draft", async () => {
      const { status: _omitted, ...body } = sampleEvent();
      const reply = await send(jsonRequest("POST", "/events", body));
      expectJsonReply(reply, 201);
      expect(reply.body.eventId).toMatch(UUID);
      expect(reply.body.status).toBe("draft");
      expect(reply.headers.get("location")).toBe(`${prefix}/events/${reply.body.eventId}`);
    });

    it("409 on an existing eventId; nothing is overwritten", async () => {
      const existing = await seed();
      const reply = await send(jsonRequest("POST", "/events", sampleEvent({ eventId: existing.eventId, title: "Other" })));
      expectProblem(reply, 409);
      const stored = await send(jsonRequest("GET", `/events/${existing.eventId}`));
      expect(stored.body.title).toBe(existing.title);
    });
  });

  describe(`${name}: GET /events/{eventId}`, () => {
    it("200 with the event and its ETag", async () => {
      const created = await seed();
      const reply = await send(jsonRequest("GET", `/events/${created.eventId}`));
      expectJsonReply(reply, 200);
      expect(reply.body).toEqual(created);
      expect(reply.headers.get("etag")).toMatch(etagPattern(1));
    });

    it('404 {"detail": "Event not found"} as problem details', async () => {
      const reply = await send(jsonRequest("GET", `/events/${freshId("missing")}`));
      expectProblem(reply, 404, "Event not found");
      expect(reply.raw.isBase64Encoded).toBe(false);
    });

    it("a percent-encoded id names the same event", async () => {
      const created = await seed();
      const encoded = created.eventId.replace(/-/g, "%2D");
      const reply = await send(jsonRequest("GET", `/events/${encoded}`));
      expectJsonReply(reply, 200);
      expect(reply.body.eventId).toBe(created.eventId);
    });

    it("HEAD: 200, the ETag, no body", async () => {
      const created = await seed();
      const reply = await send(jsonRequest("HEAD", `/events/${created.eventId}`));
      expect(reply.status).toBe(200);
      expect(reply.headers.get("etag")).toMatch(etagPattern(1));
      expect(reply.raw.body).toBe("");
    });
  });

  describe(`${name}: GET /events`, () => {
    // A date range of their own keeps these lists apart from the other tests' events.
    const range = "from=2040-03-01&to=2040-03-31";
    const dates = ["2040-03-20", "2040-03-05T10:00:00+05:00", "2040-03-05T06:00:00Z", "2040-03-12"];
    let ids: string[] = [];

    it("200, a JSON array in date order", async () => {
      ids = [];
      for (const date of dates) ids.push((await seed({ date, status: "completed" })).eventId);
      await seed({ date: "2040-03-07", status: "draft" });
      const reply = await send(jsonRequest("GET", `/events?status=completed&${range}`));
      expectJsonReply(reply, 200);
      expect(Array.isArray(reply.body)).toBe(true);
      expect((reply.body as { date: string }[]).map((e) => e.date)).toEqual([
        "2040-03-05T10:00:00+05:00",
        "2040-03-05T06:00:00Z",
        "2040-03-12",
        "2040-03-20",
      ]);
      expect(reply.headers.get("link")).toBeNull();

      const all = await send(jsonRequest("GET", "/events"));
      expectJsonReply(all, 200);
      expect(Array.isArray(all.body)).toBe(true);
      const allIds = (all.body as { eventId: string }[]).map((e) => e.eventId);
      for (const id of ids) expect(allIds).toContain(id);
    });

    it("?status filters; a percent-encoded query string means the same", async () => {
      const reply = await send(jsonRequest("GET", `/events?status=%64raft&${range}`));
      expectJsonReply(reply, 200);
      expect(reply.body).toHaveLength(1);
      expect(reply.body[0].status).toBe("draft");
    });

    it("a date-time bound with an encoded + offset keeps its meaning", async () => {
      // 2040-03-05T06:00:00Z is 2040-03-05T11:00:00+05:00: a lower bound at 10:30+05:00 keeps it, drops the 05:00Z one.
      const from = encodeURIComponent("2040-03-05T10:30:00+05:00");
      const reply = await send(jsonRequest("GET", `/events?status=completed&from=${from}&to=2040-03-31`));
      expectJsonReply(reply, 200);
      expect((reply.body as { date: string }[]).map((e) => e.date)).toEqual(["2040-03-05T06:00:00Z", "2040-03-12", "2040-03-20"]);
    });

    it("?limit pages; Link rel=next keeps the other parameters and leads to the rest", async () => {
      const first = await send(jsonRequest("GET", `/events?status=completed&${range}&limit=3`));
      expectJsonReply(first, 200);
      expect(first.body).toHaveLength(3);
      const link = first.headers.get("link");
      expect(link).toMatch(/rel="next"/);
      const next = nextLink(link);
      expect(next).toBeDefined();
      const nextUrl = new URL(next!, "https://client.example/events");
      expect(nextUrl.searchParams.get("status")).toBe("completed");
      expect(nextUrl.searchParams.get("from")).toBe("2040-03-01");
      expect(nextUrl.searchParams.get("limit")).toBe("3");
      expect(nextUrl.searchParams.get("cursor")).toBeTruthy();

      expect(nextUrl.pathname).toBe(`${prefix}/events`);
      // The client follows the link; API Gateway hands the app the path without the stage.
      const second = await send(jsonRequest("GET", `${nextUrl.pathname.slice(prefix.length)}${nextUrl.search}`));
      expectJsonReply(second, 200);
      expect(second.body).toHaveLength(1);
      expect(second.headers.get("link")).toBeNull();
      const seen = [...first.body, ...second.body].map((e: { eventId: string }) => e.eventId);
      expect(new Set(seen).size).toBe(4);
      expect(seen.sort()).toEqual([...ids].sort());
    });

    it("422 for an unknown status and for a bad limit", async () => {
      expectFieldError(await send(jsonRequest("GET", "/events?status=archived")), "status");
      expectFieldError(await send(jsonRequest("GET", "/events?limit=0")), "limit");
      expectFieldError(await send(jsonRequest("GET", "/events?limit=ten")), "limit");
    });

    it("a repeated status (status=published&status=draft) is a 422: status takes one value", async () => {
      const reply = await send(jsonRequest("GET", "/events?status=published&status=draft"));
      expectFieldError(reply, "status");
    });
  });

  describe(`${name}: PUT /events/{eventId}`, () => {
    it("200 partial update: only the sent fields change, the ETag moves on", async () => {
      const before = await seed({ capacity: 500 });
      const reply = await send(jsonRequest("PUT", `/events/${before.eventId}`, { title: "Renamed", capacity: 750 }));
      expectJsonReply(reply, 200);
      expect(reply.headers.get("etag")).toMatch(etagPattern(2));
      expect(reply.body).toEqual({ ...before, title: "Renamed", capacity: 750, version: 2, updatedAt: expect.any(String) });
    });

    it("412 when If-Match does not match, and nothing changes; 200 when it does", async () => {
      const before = await seed();
      const stale = await send(jsonRequest("PUT", `/events/${before.eventId}`, { title: "Lost" }, [["If-Match", '"7"']]));
      expectProblem(stale, 412);
      expect((await send(jsonRequest("GET", `/events/${before.eventId}`))).body.title).toBe(before.title);

      const fresh = await send(jsonRequest("PUT", `/events/${before.eventId}`, { title: "Kept" }, [["If-Match", '"1"']]));
      expectJsonReply(fresh, 200);
      expect(fresh.body.title).toBe("Kept");
    });

    it("404 for a missing event, and nothing is created", async () => {
      const eventId = freshId("ghost");
      expectProblem(await send(jsonRequest("PUT", `/events/${eventId}`, { title: "Ghost" })), 404, "Event not found");
      expectProblem(await send(jsonRequest("GET", `/events/${eventId}`)), 404);
    });

    it("400 No fields to update for an empty body", async () => {
      const before = await seed();
      expectProblem(await send(jsonRequest("PUT", `/events/${before.eventId}`, {})), 400, "No fields to update");
    });
  });

  describe(`${name}: DELETE /events/{eventId}`, () => {
    it("204 with an empty body and no content type; then 404", async () => {
      const created = await seed();
      const reply = await send(jsonRequest("DELETE", `/events/${created.eventId}`));
      expect(reply.status).toBe(204);
      expect(reply.raw.body).toBe("");
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(reply.headers.get("content-type")).toBeNull();
      expect(reply.headers.get("content-length") ?? "0").toBe("0");

      expectProblem(await send(jsonRequest("GET", `/events/${created.eventId}`)), 404);
      expectProblem(await send(jsonRequest("DELETE", `/events/${created.eventId}`)), 404, "Event not found");
    });

    it("412 when If-Match does not match; the event stays", async () => {
      const created = await seed();
      expectProblem(await send(jsonRequest("DELETE", `/events/${created.eventId}`, undefined, [["If-Match", '"2"']])), 412);
      expectJsonReply(await send(jsonRequest("GET", `/events/${created.eventId}`)), 200);
      const reply = await send(jsonRequest("DELETE", `/events/${created.eventId}`, undefined, [["If-Match", '"1"']]));
      expect(reply.status).toBe(204);
      expect(reply.raw.body).toBe("");
    });
  });

  describe(`${name}: unknown paths and methods`, () => {
    it("an unknown path is a JSON 404", async () => {
      for (const url of ["/nope", "/events/a/b", "/"]) {
        const reply = await send(jsonRequest("GET", url));
        expectProblem(reply, 404);
        expect(reply.raw.isBase64Encoded).toBe(false);
      }
    });

    it("a known path with the wrong method is 405 with Allow", async () => {
      const onItem = await send(jsonRequest("PATCH", "/events/some-id", { title: "x" }));
      expectProblem(onItem, 405);
      const allowItem = (onItem.headers.get("allow") ?? "").split(",").map((m) => m.trim());
      expect(allowItem).toEqual(expect.arrayContaining(["GET", "PUT", "DELETE"]));
      expect(allowItem).not.toContain("PATCH");

      const onList = await send(jsonRequest("DELETE", "/events"));
      expectProblem(onList, 405);
      expect((onList.headers.get("allow") ?? "").split(",").map((m) => m.trim())).toEqual(
        expect.arrayContaining(["GET", "POST"]),
      );

      const onHealth = await send(jsonRequest("POST", "/health", {}));
      expectProblem(onHealth, 405);
      expect(onHealth.headers.get("allow")).toMatch(/\bGET\b/);
    });
  });

  describe(`${name}: registrations`, () => {
    it("POST /events/{eventId}/registrations: 201 with Location; a replay with its Idempotency-Key gets the same answer", async () => {
      const { eventId } = await seed({ capacity: 1, waitlistEnabled: true });
      const path = `/events/${eventId}/registrations`;
      const key: [string, string] = ["Idempotency-Key", `${name}-reg-key`];
      const first = await send(jsonRequest("POST", path, { userId: "ada" }, [key]));
      expectJsonReply(first, 201);
      expect(first.body).toMatchObject({ eventId, userId: "ada", status: "registered" });
      expect(first.headers.get("location")).toBe(`${prefix}${path}/ada`);
      const replay = await send(jsonRequest("POST", path, { userId: "ada" }, [key]));
      expect([replay.status, replay.text, replay.headers.get("location")]).toEqual([201, first.text, first.headers.get("location")]);
      const waiting = await send(jsonRequest("POST", path, { userId: "bob" }));
      expect(waiting.body).toMatchObject({ status: "waitlisted", position: 1 });
      expectProblem(await send(jsonRequest("POST", path, { userId: "ada" })), 409, "User 'ada' is already registered for this event");
    });

    it("GET the event's list and the user's list; tRPC registrations.create and list", async () => {
      const { eventId } = await seed({ capacity: 1, waitlistEnabled: true });
      const created = trpcData(await send(jsonRequest("POST", "/trpc/registrations.create", { eventId, userId: `${name}-u1` })));
      expect(created).toMatchObject({ status: "registered" });
      await send(jsonRequest("POST", `/events/${eventId}/registrations`, { userId: `${name}-u2` }));
      const list = await send(jsonRequest("GET", `/events/${eventId}/registrations?limit=1`));
      expectJsonReply(list, 200);
      expect(list.body.map((r: { userId: string }) => r.userId)).toEqual([`${name}-u1`]);
      const next = nextLink(list.headers.get("link"));
      expect(next?.startsWith(`${prefix}/events/${eventId}/registrations?limit=1&cursor=`)).toBe(true);
      const page = trpcData(await send(jsonRequest("GET", `/trpc/registrations.list?input=${trpcInput({ eventId })}`)));
      expect(page.items.map((r: { status: string }) => r.status)).toEqual(["registered", "waitlisted"]);
      const mine = await send(jsonRequest("GET", `/users/${name}-u2/registrations`));
      expectJsonReply(mine, 200);
      expect(mine.body).toEqual([expect.objectContaining({ eventId, status: "waitlisted", position: 1, event: expect.objectContaining({ eventId }) })]);
    });
  });

  describe(`${name}: /trpc`, () => {
    it("a query over GET with ?input=", async () => {
      const created = await seed();
      const data = trpcData(await send(jsonRequest("GET", `/trpc/events.get?input=${trpcInput({ eventId: created.eventId })}`)));
      expect(data).toEqual(created);
    });

    it("a mutation over POST", async () => {
      const eventId = freshId("trpc");
      const data = trpcData(await send(jsonRequest("POST", "/trpc/events.create", sampleEvent({ eventId }))));
      expect(data).toMatchObject({ eventId, version: 1 });
      const updated = trpcData(
        await send(jsonRequest("POST", "/trpc/events.update", { eventId, capacity: 42, expectedVersion: 1 })),
      );
      expect(updated).toMatchObject({ eventId, capacity: 42, version: 2 });
    });

    it("a batched call (?batch=1): two queries in one GET, a mutation batch in one POST", async () => {
      const created = await seed({ date: "2041-06-01", status: "cancelled" });
      const input = trpcInput({ 0: { eventId: created.eventId }, 1: { status: "cancelled", from: "2041-06-01", to: "2041-06-30" } });
      const reply = await send(jsonRequest("GET", `/trpc/events.get,events.list?batch=1&input=${input}`));
      expectJsonReply(reply, 200);
      expect(Array.isArray(reply.body)).toBe(true);
      expect(reply.body).toHaveLength(2);
      expect(reply.body[0].result.data).toEqual(created);
      expect(reply.body[1].result.data).toEqual({ items: [created], nextCursor: null });

      const a = freshId("batch");
      const b = freshId("batch");
      const posted = await send(
        jsonRequest("POST", "/trpc/events.create,events.create?batch=1", {
          0: sampleEvent({ eventId: a }),
          1: sampleEvent({ eventId: b }),
        }),
      );
      expectJsonReply(posted, 200);
      expect(posted.body.map((r: { result: { data: { eventId: string } } }) => r.result.data.eventId)).toEqual([a, b]);
    });

    it("errors keep their status and carry a detail", async () => {
      const reply = await send(jsonRequest("GET", `/trpc/events.get?input=${trpcInput({ eventId: freshId("none") })}`));
      expect(reply.status).toBe(404);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      expect(reply.body.error.data.detail).toBe("Event not found");
      expect(reply.text).not.toMatch(/stack|\bat \S+ \(/);
    });
  });

  describe(`${name}: /health, /openapi.json, /docs`, () => {
    it('GET /health: 200 {"status":"healthy"}', async () => {
      const reply = await send(jsonRequest("GET", "/health"));
      expectJsonReply(reply, 200);
      expect(reply.body).toEqual({ status: "healthy" });
    });

    it("GET /openapi.json: 200, the OpenAPI 3.1 document of the REST paths", async () => {
      const reply = await send(jsonRequest("GET", "/openapi.json"));
      expectJsonReply(reply, 200);
      expect(reply.body.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(reply.body.paths).sort()).toEqual([...DOCUMENTED_PATHS].sort());
    });

    it("GET /docs: 200 HTML, as text (not base64)", async () => {
      const reply = await send(jsonRequest("GET", "/docs", undefined, [["Accept", "text/html"]]));
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(reply.raw.body).toMatch(/<html/i);
      expect(reply.raw.body).toMatch(/swagger-ui/);
    });

    it("the docs' assets: a gzip-compressed script comes back base64-encoded", async () => {
      const reply = await send(
        jsonRequest("GET", "/docs/swagger-ui-bundle.js", undefined, [["Accept-Encoding", "gzip, deflate, br"]]),
      );
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(reply.headers.get("content-encoding")).toBe("gzip");
      expect(reply.raw.isBase64Encoded).toBe(true);
      expect(reply.text).toMatch(/SwaggerUIBundle/);
    });
  });

  describe(`${name}: multi-value headers`, () => {
    it("two Accept headers: still JSON", async () => {
      const created = await seed();
      const reply = await send(
        jsonRequest("GET", `/events/${created.eventId}`, undefined, [
          ["Accept", "application/json"],
          ["Accept", "text/html;q=0.5"],
        ]),
      );
      expectJsonReply(reply, 200);
      expect(reply.body.eventId).toBe(created.eventId);
    });

    it("If-Match sent twice counts as the list of both tags (the first one matching is enough)", async () => {
      const created = await seed();
      const both = (tags: string[]) => tags.map((tag): [string, string] => ["If-Match", tag]);
      expectProblem(await send(jsonRequest("PUT", `/events/${created.eventId}`, { title: "No" }, both(['"5"', '"9"']))), 412);
      const reply = await send(jsonRequest("PUT", `/events/${created.eventId}`, { title: "Yes" }, both(['"1"', '"5"'])));
      expectJsonReply(reply, 200);
      expect(reply.body.title).toBe("Yes");
    });

    it("a repeated X-Forwarded-For (a proxy in front of API Gateway) changes nothing", async () => {
      const reply = await send(
        jsonRequest("GET", "/health", undefined, [
          ["X-Forwarded-For", "198.51.100.7"],
          ["X-Forwarded-For", "192.0.2.44"],
        ]),
      );
      expectJsonReply(reply, 200);
    });
  });

  describe(`${name}: base64-encoded bodies`, () => {
    it("POST with a base64 JSON body works exactly like the plain body", async () => {
      const plainId = freshId("plain");
      const encodedId = freshId("b64");
      const plain = await send(jsonRequest("POST", "/events", sampleEvent({ eventId: plainId })));
      const encoded = await send({ ...jsonRequest("POST", "/events", sampleEvent({ eventId: encodedId })), base64: true });
      expectJsonReply(encoded, 201);
      expect(encoded.headers.get("location")).toBe(`${prefix}/events/${encodedId}`);
      const strip = (e: Record<string, unknown>) => ({ ...e, eventId: undefined, createdAt: undefined, updatedAt: undefined });
      expect(strip(encoded.body)).toEqual(strip(plain.body));
    });

    it("PUT and a tRPC mutation with base64 bodies", async () => {
      const created = await seed();
      const put = await send({ ...jsonRequest("PUT", `/events/${created.eventId}`, { title: "Base64 ✓ été" }), base64: true });
      expectJsonReply(put, 200);
      expect(put.body.title).toBe("Base64 ✓ été");

      const trpc = await send({
        ...jsonRequest("POST", "/trpc/events.update", { eventId: created.eventId, capacity: 7 }),
        base64: true,
      });
      expect(trpcData(trpc)).toMatchObject({ capacity: 7, title: "Base64 ✓ été" });
    });

    it("a base64 body that is malformed JSON is 400, and one that is not UTF-8 is 400", async () => {
      expectProblem(
        await send({ ...jsonRequest("POST", "/events", '{"title": "x",', [["Content-Type", "application/json"]]), base64: true }),
        400,
        "Request body is not valid JSON",
      );
      const event = lambda.event(jsonRequest("POST", "/events", "{}", [["Content-Type", "application/json"]]));
      event.body = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]).toString("base64");
      event.isBase64Encoded = true;
      expectProblem(await lambda.invoke(event), 400, "Request body is not valid UTF-8");
    });
  });

  describe(`${name}: CORS`, () => {
    it("responses carry Access-Control-Allow-Origin and expose ETag, Link, Location", async () => {
      const reply = await send(
        jsonRequest("POST", "/events", sampleEvent({ eventId: freshId("cors") }), [["Origin", "https://app.example"]]),
      );
      expect(reply.status).toBe(201);
      expect(reply.headers.get("access-control-allow-origin")).toBe("*");
      const exposed = (reply.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(",").map((h) => h.trim());
      expect(exposed).toEqual(expect.arrayContaining(["etag", "link", "location"]));

      const error = await send(jsonRequest("GET", "/events/none-here", undefined, [["Origin", "https://app.example"]]));
      expect(error.status).toBe(404);
      expect(error.headers.get("access-control-allow-origin")).toBe("*");
    });

    it("a preflight OPTIONS answers with the allowed methods and headers, and an empty body", async () => {
      const reply = await send(
        jsonRequest("OPTIONS", "/events/some-id", undefined, [
          ["Origin", "https://app.example"],
          ["Access-Control-Request-Method", "PUT"],
          ["Access-Control-Request-Headers", "content-type,if-match"],
        ]),
      );
      expect(reply.status).toBe(204);
      expect(reply.raw.body).toBe("");
      expect(reply.raw.isBase64Encoded).toBe(false);
      expect(reply.headers.get("access-control-allow-origin")).toBe("*");
      const methods = (reply.headers.get("access-control-allow-methods") ?? "").split(",").map((m) => m.trim());
      expect(methods).toEqual(expect.arrayContaining(["GET", "POST", "PUT", "DELETE"]));
      const allowed = (reply.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",").map((h) => h.trim());
      expect(allowed).toEqual(expect.arrayContaining(["content-type", "if-match"]));
    });
  });

  describe(`${name}: errors are problem details`, () => {
    it("422 names each invalid field in errors", async () => {
      const reply = await send(jsonRequest("POST", "/events", sampleEvent({ capacity: "500", eventId: freshId("bad") })));
      expectFieldError(reply, "capacity");
      expect(reply.raw.isBase64Encoded).toBe(false);
      expectFieldError(await send(jsonRequest("POST", "/events", sampleEvent({ capcity: 5 }))), "capcity");
    });

    it("400 for malformed JSON", async () => {
      const reply = await send(jsonRequest("POST", "/events", '{"title": ', [["Content-Type", "application/json"]]));
      expectProblem(reply, 400, "Request body is not valid JSON");
    });

    it("415 for a text/plain body", async () => {
      const reply = await send(jsonRequest("POST", "/events", JSON.stringify(sampleEvent()), [["Content-Type", "text/plain"]]));
      expectProblem(reply, 415, "Content-Type must be application/json");
    });

    it("413 for a body over 1 MiB", async () => {
      const big = sampleEvent({ eventId: freshId("big"), description: "x".repeat(1024 * 1024 + 10) });
      expectProblem(await send(jsonRequest("POST", "/events", big)), 413);
    });
  });

  describe(`${name}: X-Request-Id`, () => {
    it("every response has one, different per request", async () => {
      const a = await send(jsonRequest("GET", "/health"));
      const b = await send(jsonRequest("GET", "/health"));
      expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
    });
  });
}

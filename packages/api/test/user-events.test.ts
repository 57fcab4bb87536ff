/**
 * `GET /users/{userId}/events` (tRPC `events.listByOwner`): the events one
 * person owns, in date order, paged and filtered like `GET /events` (a plain
 * array and `Link` over REST, `{ items, nextCursor }` over tRPC).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { nextLink } from "./rest-helpers.js";

const api = await startTestApi();
const DATES = ["2041-03-01", "2041-01-01T10:00:00+02:00", "2041-02-01", "2041-01-01", "2041-04-01T00:00:00Z"];
const ids = (body: { eventId: string }[]) => body.map((event) => event.eventId);

beforeAll(async () => {
  for (const [i, date] of DATES.entries()) {
    const status = i === 2 ? "draft" : "published";
    expect((await api.json("POST", "/events", newEvent({ eventId: `owned-${i}`, ownerId: "uma", date, status }))).status).toBe(201);
  }
  expect((await api.json("POST", "/events", newEvent({ eventId: "not-umas", ownerId: "vic", date: "2041-01-15" }))).status).toBe(201);
});

describe("GET /users/{userId}/events", () => {
  it("the person's events in date order, across time zones; nobody else's", async () => {
    const all = await api.json("GET", "/users/uma/events");
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(["owned-3", "owned-1", "owned-2", "owned-0", "owned-4"]);
    expect((await api.json("GET", "/users/nobody/events")).body).toEqual([]);
  });

  it("pages of `limit` with the next page in Link (other parameters kept, under the base path)", async () => {
    const seen: string[][] = [];
    let path: string | undefined = "/users/uma/events?limit=2&from=2041-01-01";
    while (path) {
      const page = await api.json("GET", path, undefined, { "X-Forwarded-Prefix": "/stage" });
      seen.push(ids(page.body));
      const link = nextLink(page.headers.get("link"));
      if (link) {
        expect(link).toMatch(/^\/stage\/users\/uma\/events\?/);
        expect(new URL(link, api.baseUrl).searchParams.get("from")).toBe("2041-01-01");
      }
      path = link?.replace(/^\/stage/, "");
    }
    expect(seen).toEqual([["owned-3", "owned-1"], ["owned-2", "owned-0"], ["owned-4"]]);
  });

  it("filters by status and date range, as GET /events does; bad ones are 422", async () => {
    expect(ids((await api.json("GET", "/users/uma/events?status=draft")).body)).toEqual(["owned-2"]);
    expect(ids((await api.json("GET", "/users/uma/events?from=2041-02-01&to=2041-03-01")).body)).toEqual(["owned-2", "owned-0"]);
    const bad = await api.json("GET", "/users/uma/events?status=soon");
    expect([bad.status, bad.body.errors.map((e: { field: string }) => e.field)]).toEqual([422, ["status"]]);
    expect((await api.json("GET", "/users/not%20valid/events")).status).toBe(422);
  });

  it("over tRPC: pages as { items, nextCursor }", async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.baseUrl}/trpc` })] });
    const first = await client.events.listByOwner.query({ userId: "uma", limit: 3 });
    expect(ids(first.items)).toEqual(["owned-3", "owned-1", "owned-2"]);
    const second = await client.events.listByOwner.query({ userId: "uma", limit: 3, cursor: first.nextCursor! });
    expect([ids(second.items), second.nextCursor]).toEqual([["owned-0", "owned-4"], null]);
  });
});

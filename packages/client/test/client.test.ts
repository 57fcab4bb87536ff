/** createEventsClient against the real HTTP app on a loopback port. */
import { describe, expect, it } from "vitest";
import {
  createEventsClient,
  deleteIfMatch,
  errorCode,
  errorDetail,
  idempotencyKey,
  pages,
  registrationPages,
  userRegistrationPages,
  updateIfMatch,
  TRPCClientError,
  type Event,
  type EventsFetch,
} from "../src/index.js";
import { newEvent, startTestApi } from "../../api/test/harness.js";

const API_KEY = "client-test-key";
const api = await startTestApi({ apiKey: API_KEY });


/** A fetch that records every request the client makes. */
function recordingFetch() {
  const requests: Array<{ method: string; url: string; headers: Headers }> = [];
  const recorded: EventsFetch = (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    return fetch(request);
  };
  return { fetch: recorded, requests };
}

async function failure(promise: Promise<unknown>): Promise<TRPCClientError<never>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<never>;
}

describe("createEventsClient", () => {
  const client = createEventsClient(api.baseUrl, { apiKey: API_KEY });

  it("drives the five procedures, typed end to end", async () => {
    const created: Event = await client.events.create.mutate(newEvent({ eventId: "client-crud", status: undefined }));
    expect(created).toMatchObject({ eventId: "client-crud", status: "draft", version: 1, capacity: 500 });

    expect(await client.events.get.query({ eventId: "client-crud" })).toEqual(created);

    const page = await client.events.list.query({ status: "draft" });
    expect(page.items.map((event) => event.eventId)).toContain("client-crud");
    expect(page.nextCursor).toBeNull();

    const updated = await client.events.update.mutate({ eventId: "client-crud", capacity: 650 });
    expect(updated).toMatchObject({ capacity: 650, version: 2, title: created.title });

    await client.events.delete.mutate({ eventId: "client-crud" });
    const gone = await failure(client.events.get.query({ eventId: "client-crud" }));
    expect(errorCode(gone)).toBe("NOT_FOUND");
    expect(errorDetail(gone)).toBe("Event not found");
  });

  it("updates and deletes with If-Match semantics (expectedVersion)", async () => {
    const v1 = await client.events.create.mutate(newEvent({ eventId: "client-if-match" }));
    const v2 = await updateIfMatch(client, v1, { capacity: 501 });
    expect(v2).toMatchObject({ capacity: 501, version: 2 });

    // A writer still holding version 1 is refused, and nothing changes.
    const stale = await failure(updateIfMatch(client, v1, { capacity: 999 }));
    expect(errorCode(stale)).toBe("PRECONDITION_FAILED");
    expect(stale.data).toMatchObject({ httpStatus: 412 });
    expect(await client.events.get.query({ eventId: "client-if-match" })).toEqual(v2);

    expect(errorCode(await failure(deleteIfMatch(client, v1)))).toBe("PRECONDITION_FAILED");
    await deleteIfMatch(client, v2);
    expect(errorCode(await failure(client.events.get.query({ eventId: "client-if-match" })))).toBe("NOT_FOUND");
  });

  it("walks every page with pages() / nextCursor", async () => {
    const ids = ["pg-a", "pg-b", "pg-c", "pg-d", "pg-e"];
    await Promise.all(
      ids.map((eventId, i) => client.events.create.mutate(newEvent({ eventId, status: "completed", date: `2030-05-0${i + 1}` }))),
    );
    const seen: string[][] = [];
    for await (const page of pages(client, { status: "completed", limit: 2 })) seen.push(page.items.map((e) => e.eventId));
    expect(seen).toEqual([["pg-a", "pg-b"], ["pg-c", "pg-d"], ["pg-e"]]);
  });

  it("registers, walks an event's and a user's registration pages, and retries a create safely with idempotencyKey()", async () => {
    await client.events.create.mutate(newEvent({ eventId: "client-reg", capacity: 1, waitlistEnabled: true }));
    await client.events.create.mutate(newEvent({ eventId: "client-reg-2", date: "2030-01-01" }));
    const first = await client.registrations.create.mutate({ eventId: "client-reg", userId: "ada" }, idempotencyKey("client-key-1"));
    expect(first.status).toBe("registered");
    // Batched with another call, a keyed create still goes alone with its header: the retry gets the first answer.
    const [retry, other] = await Promise.all([
      client.registrations.create.mutate({ eventId: "client-reg", userId: "ada" }, idempotencyKey("client-key-1")),
      client.registrations.create.mutate({ eventId: "client-reg", userId: "bob" }),
    ]);
    expect(retry).toEqual(first);
    expect(other).toMatchObject({ status: "waitlisted", position: 1 });
    await client.registrations.create.mutate({ eventId: "client-reg", userId: "cy" });
    await client.registrations.create.mutate({ eventId: "client-reg-2", userId: "bob" });

    const seen: string[][] = [];
    for await (const page of registrationPages(client, { eventId: "client-reg", limit: 2 })) seen.push(page.items.map((r) => r.userId));
    expect(seen).toEqual([["ada", "bob"], ["cy"]]);
    const bobs: string[][] = [];
    for await (const page of userRegistrationPages(client, { userId: "bob", limit: 1 })) bobs.push(page.items.map((r) => r.event.eventId));
    expect(bobs).toEqual([["client-reg"], ["client-reg-2"]]); // by date: 2024-12-15, then 2030-01-01

    const mismatch = await failure(client.registrations.create.mutate({ eventId: "client-reg", userId: "dan" }, idempotencyKey("client-key-1")));
    expect(errorDetail(mismatch)).toBe("Idempotency-Key was already used with a different request");
    await client.registrations.delete.mutate({ eventId: "client-reg", userId: "ada" });
    expect((await client.registrations.get.query({ eventId: "client-reg", userId: "bob" })).status).toBe("registered");
  });

  it("reports API errors with their codes", async () => {
    await client.events.create.mutate(newEvent({ eventId: "client-dup" }));
    expect(errorCode(await failure(client.events.create.mutate(newEvent({ eventId: "client-dup" }))))).toBe("CONFLICT");

    const invalid = await failure(client.events.create.mutate(newEvent({ capacity: 0 })));
    expect(errorCode(invalid)).toBe("BAD_REQUEST");
    expect(invalid.data).toMatchObject({ errors: [{ field: "capacity" }] });
    expect(errorCode(new Error("not from the API"))).toBeUndefined();
    expect(errorDetail(new Error("not from the API"))).toBe("not from the API");
  });
});

describe("options", () => {
  it("batches the calls of one tick into one request by default", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createEventsClient(api.baseUrl, { fetch });
    await Promise.all([client.events.list.query({ limit: 1 }), client.events.list.query({ status: "draft", limit: 1 })]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toContain("/trpc/events.list,events.list?batch=1");
  });

  it("batches 25 parallel calls within the server's cap: every call answered, no request over 10 calls", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createEventsClient(api.baseUrl, { fetch });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => client.events.list.query({ limit: 1 + (i % 3) })));
    expect(results).toHaveLength(25);
    for (const page of results) expect(page).toHaveProperty("nextCursor");
    const callsPerRequest = requests.map((r) => new URL(r.url).pathname.split("/").pop()!.split(",").length);
    expect(callsPerRequest.reduce((a, b) => a + b, 0)).toBe(25);
    expect(Math.max(...callsPerRequest)).toBeLessThanOrEqual(10);
    expect(requests.length).toBeLessThan(25);
  });

  it("sends one request per call with batch: false", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createEventsClient(`${api.baseUrl}/`, { fetch, batch: false });
    await Promise.all([client.events.list.query({ limit: 1 }), client.events.list.query({ status: "draft", limit: 1 })]);
    expect(requests).toHaveLength(2);
    for (const request of requests) expect(request.url).toMatch(/\/trpc\/events\.list\?input=/);
  });

  it("sends the API key as X-Api-Key and extra headers on every request", async () => {
    const { fetch, requests } = recordingFetch();
    const client = createEventsClient(api.baseUrl, {
      fetch,
      apiKey: API_KEY,
      headers: { "X-Request-Id": "client-test-1", "Accept-Language": "en" },
    });
    await client.events.create.mutate(newEvent({ eventId: "client-headers" }));
    await client.events.get.query({ eventId: "client-headers" });
    expect(requests.map((r) => r.method)).toEqual(["POST", "GET"]);
    for (const { headers } of requests) {
      expect(headers.get("x-api-key")).toBe(API_KEY);
      expect(headers.get("x-request-id")).toBe("client-test-1");
      expect(headers.get("accept-language")).toBe("en");
    }
  });

  it("calls a headers function for every request", async () => {
    const { fetch, requests } = recordingFetch();
    let n = 0;
    const client = createEventsClient(api.baseUrl, { fetch, batch: false, headers: () => ({ "X-Request-Id": `call-${++n}` }) });
    await client.events.list.query({ limit: 1 });
    await client.events.list.query({ limit: 1 });
    expect(requests.map((r) => r.headers.get("x-request-id"))).toEqual(["call-1", "call-2"]);
  });

  it("without the API key, reads work and writes are refused (401)", async () => {
    const anonymous = createEventsClient(api.baseUrl);
    expect(Array.isArray((await anonymous.events.list.query()).items)).toBe(true);
    const refused = await failure(anonymous.events.create.mutate(newEvent({ eventId: "client-no-key" })));
    expect(errorCode(refused)).toBe("UNAUTHORIZED");
    expect(errorDetail(refused)).toBe("This request needs an API key (X-Api-Key header)");
    const wrongKey = createEventsClient(api.baseUrl, { apiKey: "wrong" });
    expect(errorCode(await failure(wrongKey.events.create.mutate(newEvent({ eventId: "client-no-key" }))))).toBe(
      "UNAUTHORIZED",
    );
    expect(errorCode(await failure(anonymous.events.get.query({ eventId: "client-no-key" })))).toBe("NOT_FOUND");
  });

  it("rejects wrong input at compile time", () => {
    const client = createEventsClient(api.baseUrl);
    // Type-level only (never called): a typo, a string capacity, an unknown status, a wrong key.
    const typeChecks = () => [
      // @ts-expect-error `capcity` is not a field of an event
      client.events.create.mutate({ ...newEvent(), capcity: 5 }),
      // @ts-expect-error capacity is a number
      client.events.update.mutate({ eventId: "x", capacity: "500" }),
      // @ts-expect-error no such status
      client.events.list.query({ status: "archived" }),
      // @ts-expect-error the id is `eventId`
      client.events.get.query({ id: "x" }),
    ];
    expect(typeof typeChecks).toBe("function");
  });
});

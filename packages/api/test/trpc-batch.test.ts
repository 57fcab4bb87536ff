/**
 * /trpc takes at most TRPC_MAX_BATCH_SIZE calls per request: a larger batch is
 * refused whole, in tRPC's error envelope, before any call runs; a batch at the
 * cap is served. (@events/client keeps within it: packages/client/test.)
 */
import { describe, expect, it } from "vitest";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { TRPC_MAX_BATCH_SIZE, type AppRouter } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { allEvents } from "./rest-helpers.js";
import { expectTrpcClientError, send, sendJson } from "./hostile-helpers.js";

const api = await startTestApi();

const batchPath = (procedure: string, calls: number) => `/trpc/${Array(calls).fill(procedure).join(",")}?batch=1`;
const inputs = (calls: number, input: (i: number) => unknown) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, input(i)])));
const batchCreate = (calls: number, label: string) =>
  sendJson(api, "POST", batchPath("events.create", calls), inputs(calls, (i) => newEvent({ eventId: `${label}-${i}` })));

describe("tRPC batches", () => {
  it("the cap is a small number", () => {
    expect(TRPC_MAX_BATCH_SIZE).toBe(10);
  });

  it("a batch at the cap is served, each call in it", async () => {
    const res = await batchCreate(TRPC_MAX_BATCH_SIZE, "at-cap");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toHaveLength(TRPC_MAX_BATCH_SIZE);
    const ids = (await allEvents(api)).map((e) => e.eventId);
    for (let i = 0; i < TRPC_MAX_BATCH_SIZE; i++) expect(ids).toContain(`at-cap-${i}`);
  });

  it("a batch of one more is a 400 BAD_REQUEST in tRPC's envelope, and no call of it runs", async () => {
    const before = await allEvents(api);
    const post = await batchCreate(TRPC_MAX_BATCH_SIZE + 1, "over-cap");
    const get = await send(
      api,
      "GET",
      `${batchPath("events.list", TRPC_MAX_BATCH_SIZE + 1)}&input=${encodeURIComponent(inputs(TRPC_MAX_BATCH_SIZE + 1, () => ({})))}`,
    );
    for (const res of [post, get]) {
      expect(res.status, res.text).toBe(400);
      expectTrpcClientError(res, "batch over the cap");
      expect(res.body.error.data).toMatchObject({ code: "BAD_REQUEST", detail: "Batch call exceeds maximum size" });
    }
    expect(await allEvents(api)).toEqual(before);
  });

  it("a tRPC client that batches past the cap gets a BAD_REQUEST error for every call", async () => {
    const unbounded = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${api.baseUrl}/trpc`, maxItems: Infinity })] });
    const calls = await Promise.allSettled(Array.from({ length: TRPC_MAX_BATCH_SIZE + 1 }, () => unbounded.events.list.query({ limit: 1 })));
    for (const call of calls) {
      expect(call.status).toBe("rejected");
      const error = (call as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe("BAD_REQUEST");
    }
  });
});

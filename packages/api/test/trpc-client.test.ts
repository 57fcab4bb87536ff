/** The tRPC procedures through a real typed client over HTTP. */
import { describe, expect, it } from "vitest";
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";

const api = await startTestApi();
const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${api.baseUrl}/trpc` })] });

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

describe("tRPC events procedures", () => {
  it("creates, reads, updates and deletes an event", async () => {
    const created = await client.events.create.mutate(newEvent({ eventId: "trpc-1", status: undefined }));
    expect(created).toMatchObject({ eventId: "trpc-1", status: "draft", version: 1 });

    const fetched = await client.events.get.query({ eventId: "trpc-1" });
    expect(fetched).toEqual(created);

    const updated = await client.events.update.mutate({ eventId: "trpc-1", capacity: 600, expectedVersion: 1 });
    expect(updated).toMatchObject({ capacity: 600, status: "draft", version: 2, title: created.title });

    await client.events.delete.mutate({ eventId: "trpc-1", expectedVersion: 2 });
    const gone = await failure(client.events.get.query({ eventId: "trpc-1" }));
    expect(gone.data?.code).toBe("NOT_FOUND");
    expect(gone.data?.httpStatus).toBe(404);
    expect(gone.message).toBe("Event not found");
  });

  it("reports conflicts, version mismatches and invalid input with their codes", async () => {
    await client.events.create.mutate(newEvent({ eventId: "trpc-2" }));

    const duplicate = await failure(client.events.create.mutate(newEvent({ eventId: "trpc-2" })));
    expect(duplicate.data?.code).toBe("CONFLICT");

    const stale = await failure(client.events.update.mutate({ eventId: "trpc-2", title: "New", expectedVersion: 7 }));
    expect(stale.data?.code).toBe("PRECONDITION_FAILED");
    expect((await client.events.get.query({ eventId: "trpc-2" })).title).toBe(newEvent().title);

    const invalid = await failure(
      client.events.create.mutate({ ...newEvent(), capacity: "500" as unknown as number, eventId: "trpc-3" }),
    );
    expect(invalid.data?.code).toBe("BAD_REQUEST");
    expect(invalid.data?.errors).toEqual([{ field: "capacity", message: "must be an integer from 1 to 100000" }]);
    expect(JSON.stringify(invalid.shape)).not.toMatch(/stack|at \w+ \(/);

    const empty = await failure(client.events.update.mutate({ eventId: "trpc-2" }));
    expect(empty.message).toBe("No fields to update");
  });

  it("lists pages as { items, nextCursor } in date order", async () => {
    const dates = ["2031-03-01", "2031-01-01T10:00:00+05:00", "2031-01-01T06:00:00Z", "2031-02-01"];
    await Promise.all(
      dates.map((date, i) => client.events.create.mutate(newEvent({ eventId: `page-${i}`, date, status: "cancelled" }))),
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.events.list.query({ status: "cancelled", limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((event) => event.eventId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);

    // 10:00+05:00 is 05:00Z, before 06:00Z.
    expect(seen).toEqual(["page-1", "page-2", "page-3", "page-0"]);
  });

  it("lists every event without any input", async () => {
    const page = await client.events.list.query();
    expect(Array.isArray(page.items)).toBe(true);
    expect(page).toHaveProperty("nextCursor");
  });

  it("honours If-Match sent as a header, like REST", async () => {
    await client.events.create.mutate(newEvent({ eventId: "trpc-if-match" }));
    const withHeader = (value: string) =>
      createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.baseUrl}/trpc`, headers: { "If-Match": value } })] });

    const stale = await failure(withHeader('"5"').events.update.mutate({ eventId: "trpc-if-match", title: "X" }));
    expect(stale.data?.code).toBe("PRECONDITION_FAILED");
    const ok = await withHeader('"1"').events.update.mutate({ eventId: "trpc-if-match", title: "X" });
    expect(ok.version).toBe(2);
  });
});

/**
 * examples/typescript-client runs against a local server: create → list by
 * status page by page → update with If-Match → delete, saying what it does.
 */
import { describe, expect, it } from "vitest";
import { createEventsClient, errorCode } from "../src/index.js";
import { startTestApi } from "../../api/test/harness.js";
import { main } from "../../../examples/typescript-client/src/main.js";

const API_KEY = "example-key";
const api = await startTestApi({ apiKey: API_KEY });

describe("examples/typescript-client", () => {
  it("creates, lists by status across pages, updates with If-Match and deletes", async () => {
    const lines: string[] = [];
    const result = await main(api.baseUrl, { apiKey: API_KEY, log: (line) => lines.push(line), pageSize: 2 });
    const [one, two, three, four, five] = result.created;

    // Five created; the three published ones come back in date order (#5 is the earliest), two per page.
    expect(result.created).toHaveLength(5);
    expect(result.pages).toEqual([[five, three], [one]]);

    // The conditional update applied once; the stale retry was refused.
    expect(result.updated).toMatchObject({ eventId: one, version: 2, capacity: 150, status: "active" });
    expect(result.staleUpdateRefused).toBe(true);

    // Everything it created is gone.
    expect(result.deleted.sort()).toEqual([one, two, three, four, five].sort());
    const reader = createEventsClient(api.baseUrl);
    for (const eventId of result.created) {
      const outcome = await reader.events.get.query({ eventId }).then(
        () => "found",
        (error: unknown) => errorCode(error),
      );
      expect(outcome).toBe("NOT_FOUND");
    }
    expect((await reader.events.list.query({ from: "2031-06-01", to: "2031-06-30T23:59:59Z" })).items).toEqual([]);

    // It says what it does.
    const output = lines.join("\n");
    expect(output).toContain(`Creating 5 events on ${api.baseUrl}`);
    expect(lines.filter((line) => line.startsWith("  created "))).toHaveLength(5);
    expect(output).toContain(`  page 1: ${five} (2031-06-01T18:30:00+02:00), ${three} (2031-06-03T18:30:00+02:00)`);
    expect(output).toContain(`  page 2: ${one} (2031-06-05T18:30:00+02:00)`);
    expect(output).toContain("  3 published events on 2 pages");
    expect(output).toContain(`Updating ${one} if it is still at version 1`);
    expect(output).toContain("  updated: capacity 50 -> 150, status active, now version 2");
    expect(output).toContain("  refused: PRECONDITION_FAILED (412)");
    expect(lines.filter((line) => line.startsWith("  deleted "))).toHaveLength(5);
    expect(lines.at(-1)).toBe("Done.");
  });

  it("fails clearly without the API key when the server requires one", async () => {
    await expect(main(api.baseUrl, { log: () => {} })).rejects.toSatisfy((error) => errorCode(error) === "UNAUTHORIZED");
  });
});

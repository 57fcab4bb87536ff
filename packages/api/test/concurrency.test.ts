/** Racing writers over HTTP: one create wins, conditional updates never lose an update. */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";

const api = await startTestApi();

describe("concurrency", () => {
  it("20 simultaneous creates of one eventId give one 201 and nineteen 409", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.json("POST", "/events", newEvent({ eventId: "race-1", title: `Writer ${i}` }))),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);

    const winner = responses.find((r) => r.status === 201)!;
    const stored = await api.json("GET", "/events/race-1");
    expect(stored.body.title).toBe(winner.body.title);
    expect(stored.body.version).toBe(1);
  });

  it("simultaneous If-Match updates of one version: exactly one 200, the rest 412", async () => {
    await api.json("POST", "/events", newEvent({ eventId: "race-2", capacity: 1 }));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.json("PUT", "/events/race-2", { capacity: 100 + i }, { "If-Match": '"1"' }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(9);

    const stored = await api.json("GET", "/events/race-2");
    expect(stored.body.capacity).toBe(ok[0]!.body.capacity);
    expect(stored.body.version).toBe(2);
  });
});

/** eachBounded (store/each-bounded.ts): every item, at most `limit` at once; after a failure, nothing new starts. */
import { describe, expect, it } from "vitest";
import { eachBounded } from "../src/store/each-bounded.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("eachBounded", () => {
  it("works every item once, never more than the limit at once", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachBounded([...Array(40).keys()], 6, async (item) => {
      most = Math.max(most, ++running);
      await tick();
      done.push(item);
      running--;
    });
    expect(done.sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect(most).toBe(6);
  });

  it("after a failure starts nothing new, lets those in flight finish, and rejects with the first failure", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const work = eachBounded([...Array(20).keys()], 4, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error("item 1 failed");
      await tick();
      finished.push(item);
    });
    await expect(work).rejects.toThrow("item 1 failed");
    expect(started).toEqual([0, 1, 2, 3]);
    expect(finished.sort()).toEqual([0, 2, 3]);
  });

  it("nothing to do: resolves at once", async () => {
    await expect(eachBounded([], 4, async () => Promise.reject(new Error("never called")))).resolves.toBeUndefined();
  });
});

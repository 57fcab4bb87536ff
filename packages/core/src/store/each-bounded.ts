/**
 * Runs `work` on every item, at most `limit` at once: requests to the store side by side, never unbounded.
 * After a failure no new item starts; those in flight finish, then it rejects with the first failure.
 */
export async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((result) => result.status === "rejected");
  if (rejected) throw rejected.reason;
}

/**
 * /health's view of the store: one cheap check at most per period, shared by
 * every request meanwhile, so that a public path cannot turn traffic into
 * store calls (each check is a DescribeTable).
 */

/** How long one check's answer stands. */
export const HEALTH_CACHE_MS = 5_000;

export interface HealthOptions {
  /** How long a check's answer is reused (default HEALTH_CACHE_MS). */
  cacheMs?: number;
  /** The clock the period is measured on (default Date.now): tests move it. */
  now?: () => number;
}

/**
 * `check`, called at most once per `cacheMs` (measured from the start of a
 * check) and never twice at once: concurrent callers share the one in flight.
 * Unreachable is cached as reachable is: a store that is down is not asked more.
 */
export function cachedReachability(check: () => Promise<boolean>, { cacheMs = HEALTH_CACHE_MS, now = Date.now }: HealthOptions = {}) {
  let last: { startedAt: number; reachable: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  const run = async () => {
    const startedAt = now();
    let reachable: boolean;
    try {
      reachable = await check();
    } catch {
      reachable = false;
    }
    last = { startedAt, reachable };
    return reachable;
  };
  return (): Promise<boolean> => {
    if (last && now() - last.startedAt < cacheMs) return Promise.resolve(last.reachable);
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

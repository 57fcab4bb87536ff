/** How the services call the store: SDK errors as thrown, an unreachable store as StoreUnavailableError. */
import { StoreUnavailableError } from "../rules/errors.js";
import { isStoreUnavailable } from "./failures.js";

/**
 * Store errors as the SDK threw them: failures are classified from the SDK
 * error (store/failures.ts), so ElectroDB's wrapping error is not built.
 */
export const RAW_ERRORS = { originalErr: true } as const;

/** Run a store call, turning an unreachable store into StoreUnavailableError. */
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStoreUnavailable(error)) throw new StoreUnavailableError({ cause: error });
    throw error;
  }
}

const MAX_ATTEMPTS = 300;

/**
 * Runs `attempt` until it returns a value; `undefined` means its transaction
 * was cancelled by a concurrent change (it re-reads and decides again). The
 * back-off grows with the attempts and is jittered so that racers spread out.
 * After too many attempts the store is too busy: StoreUnavailableError (retry later).
 */
export async function retryOnContention<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let n = 0; n < MAX_ATTEMPTS; n++) {
    const result = await attempt();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 + n * 2)));
  }
  throw new StoreUnavailableError({ cause: new Error("too many concurrent changes to one event") });
}

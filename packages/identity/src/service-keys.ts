/**
 * Service keys (`API_KEY`): several valid at once so a key can be rotated by
 * adding the new one, moving callers, then removing the old one.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export interface ServiceCaller {
  readonly kind: "service";
  /** Stable and not secret (a hash prefix): scopes a service's Idempotency-Keys without naming the key. */
  readonly keyId: string;
}

export interface ServiceKeys {
  /** How many keys are configured (none: services cannot call). */
  readonly size: number;
  /** The caller a presented key stands for, or undefined when it matches none. */
  match(presented: string): ServiceCaller | undefined;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Parses `API_KEY`'s comma-separated list; blanks around commas and empty entries are ignored. */
export function createServiceKeys(list: string | undefined): ServiceKeys {
  const keys = (list ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key.length > 0)
    .map((key) => {
      const hash = digest(key);
      return { hash, caller: { kind: "service", keyId: `key-${hash.subarray(0, 6).toString("hex")}` } as const };
    });

  return {
    size: keys.length,
    match(presented) {
      if (presented.length === 0) return undefined;
      // Equal-length hashes make timingSafeEqual usable and keep a key's length from leaking;
      // every key is compared so the time does not tell which one matched.
      const hash = digest(presented);
      let found: ServiceCaller | undefined;
      for (const key of keys) {
        if (timingSafeEqual(hash, key.hash) && !found) found = key.caller;
      }
      return found;
    },
  };
}

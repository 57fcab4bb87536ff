/**
 * Accepted access tokens, remembered until they expire: the same bytes verify the same way, and a
 * signature check costs far more than the read it guards. Bounded, oldest out first.
 */
import type { PersonCaller } from "./token-verifier.js";

interface Entry {
  readonly caller: PersonCaller;
  /** The token's `exp`, in ms: a remembered token is never accepted past it. */
  readonly expiresAt: number;
}

export interface VerifiedTokenCache {
  get(token: string, now: Date): PersonCaller | undefined;
  remember(token: string, caller: PersonCaller, exp: number): void;
}

export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const entries = new Map<string, Entry>();
  return {
    get(token, now) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now.getTime() < entry.expiresAt) return entry.caller;
      // Expired: verified afresh, so that the refusal says so.
      entries.delete(token);
      return undefined;
    },
    remember(token, caller, exp) {
      if (maxEntries <= 0) return;
      entries.delete(token);
      entries.set(token, { caller, expiresAt: exp * 1000 });
      // A Map iterates in insertion order: the first key is the oldest.
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

/**
 * Private calendar feed tokens: a person's feed at a secret address. Only the
 * token's sha256 is stored; issuing a new one replaces the old in one
 * transaction, so the old address resolves to nobody from that moment.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "../model/store.js";
import { EVENT_ID_PATTERN } from "../rules/event-fields.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";

export interface CalendarTokens {
  /** A new token for the person (256 random bits, base64url); the previous one stops working. */
  issue(userId: string): Promise<string>;
  /** The person's token stops working; fine when they had none. */
  revoke(userId: string): Promise<void>;
  /** Whose feed the token opens, or undefined for an unknown or revoked token. */
  userFor(token: string): Promise<string | undefined>;
}

/** 32 bytes in base64url, unpadded. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");

export function createCalendarTokens(store: Store): CalendarTokens {
  const { calendarToken, calendarTokenHolder } = store.entities;

  async function currentHash(userId: string): Promise<string | undefined> {
    const { data } = await guard(() => calendarTokenHolder.get({ userId }).go({ ...RAW_ERRORS, consistent: true }));
    return data?.tokenHash;
  }

  function validUser(userId: string): void {
    if (!EVENT_ID_PATTERN.test(userId)) throw new TypeError("not a valid userId");
  }

  return {
    async issue(userId) {
      validUser(userId);
      return retryOnContention(async () => {
        const old = await currentHash(userId);
        const token = randomBytes(32).toString("base64url");
        const tokenHash = hashOf(token);
        const now = new Date().toISOString();
        // Conditioned on the holder's hash as read: of two issues racing, one commits and the other tries again.
        const result = await guard(() =>
          store.transaction
            .write(({ calendarToken: tokens, calendarTokenHolder: holders }) => [
              tokens.create({ tokenHash, userId, createdAt: now }).commit(),
              ...(old === undefined
                ? [holders.create({ userId, tokenHash, updatedAt: now }).commit()]
                : [
                    tokens.delete({ tokenHash: old }).commit(),
                    holders
                      .patch({ userId })
                      .set({ tokenHash, updatedAt: now })
                      .where((attr, { eq }) => eq(attr.tokenHash, old))
                      .commit(),
                  ]),
            ])
            .go(),
        );
        return result.canceled ? undefined : token;
      });
    },

    async revoke(userId) {
      validUser(userId);
      await retryOnContention(async () => {
        const old = await currentHash(userId);
        if (old === undefined) return true;
        const result = await guard(() =>
          store.transaction
            .write(({ calendarToken: tokens, calendarTokenHolder: holders }) => [
              tokens.delete({ tokenHash: old }).commit(),
              holders
                .delete({ userId })
                .where((attr, { eq }) => eq(attr.tokenHash, old))
                .commit(),
            ])
            .go(),
        );
        return result.canceled ? undefined : true;
      });
    },

    async userFor(token) {
      if (!TOKEN_PATTERN.test(token)) return undefined;
      const { data } = await guard(() => calendarToken.get({ tokenHash: hashOf(token) }).go({ ...RAW_ERRORS, consistent: true }));
      return data?.userId;
    },
  };
}

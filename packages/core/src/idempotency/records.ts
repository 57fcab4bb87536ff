/**
 * Reading and writing idempotency records. A record is written as one item of
 * the transaction it protects (`attribute_not_exists`, or an expired record
 * the TTL has not deleted yet), so two requests with one key create one thing.
 */
import { createHash } from "node:crypto";
import { IdempotencyKeyMismatchError } from "../rules/errors.js";
import type { Store, TransactionEntities } from "../model/store.js";
import { IDEMPOTENCY_TTL_SECONDS } from "../rules/idempotency-key.js";
import { isConditionFailure } from "../store/failures.js";
import { guard, RAW_ERRORS } from "../store/guard.js";

/** The first response to a request, as the edge sent it. */
export interface StoredResponse<T> {
  status: number;
  location: string;
  body: T;
}

/** What identifies a request: which operation, on which path, with which body. */
export interface RequestIdentity {
  operation: string;
  params: Record<string, string>;
  body: unknown;
}

/** JSON with object keys sorted at every depth: equal bodies give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A key as its caller's own: which caller (scope), which key. */
export interface ScopedKey {
  scope: string;
  key: string;
}

/** The record's scope and key, or undefined without a key; a key without a scope is a caller's mistake. */
export function idempotencyOf(options: { idempotencyKey?: string; idempotencyScope?: string }): ScopedKey | undefined {
  if (options.idempotencyKey === undefined) return undefined;
  if (options.idempotencyScope === undefined) throw new TypeError("an idempotencyKey needs an idempotencyScope");
  return { scope: options.idempotencyScope, key: options.idempotencyKey };
}

export function fingerprint(request: RequestIdentity): string {
  const text = canonicalJson([request.operation, request.params, request.body]);
  return createHash("sha256").update(text).digest("base64url");
}

const epochSeconds = () => Math.floor(Date.now() / 1000);

export function idempotencyRecords(store: Store) {
  const entity = store.entities.idempotency;
  return {
    /**
     * The first response to this key, or undefined when the key is new (or
     * expired). A key used for another request is IdempotencyKeyMismatchError.
     */
    async replay<T>({ scope, key }: ScopedKey, print: string): Promise<StoredResponse<T> | undefined> {
      const { data } = await guard(() => entity.get({ idempotencyKey: key, scope }).go({ ...RAW_ERRORS, consistent: true }));
      if (!data || data.expiresAt <= epochSeconds()) return undefined;
      if (data.fingerprint !== print) throw new IdempotencyKeyMismatchError();
      return JSON.parse(data.response) as StoredResponse<T>;
    },

    /** Replaces the recorded response, for a detail known only after the commit (a place in line). */
    async complete<T>({ scope, key }: ScopedKey, print: string, response: StoredResponse<T>): Promise<void> {
      try {
        await guard(() =>
          entity
            .patch({ idempotencyKey: key, scope })
            .set({ response: JSON.stringify(response) })
            .where(({ fingerprint }, { eq }) => eq(fingerprint, print))
            .go({ ...RAW_ERRORS, response: "none" }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error; // expired and reused meanwhile: that record is not ours
      }
    },

    /** The record's put, as an item of the transaction that makes the response. */
    put<T>(entities: TransactionEntities, { scope, key }: ScopedKey, print: string, response: StoredResponse<T>) {
      const now = epochSeconds();
      return entities.idempotency
        .put({
          idempotencyKey: key,
          scope,
          fingerprint: print,
          response: JSON.stringify(response),
          expiresAt: now + IDEMPOTENCY_TTL_SECONDS,
          createdAt: new Date().toISOString(),
        })
        .where(({ idempotencyKey, expiresAt }, { notExists, lte }) => `${notExists(idempotencyKey)} OR ${lte(expiresAt, now)}`)
        .commit();
    },
  };
}

export type IdempotencyRecords = ReturnType<typeof idempotencyRecords>;

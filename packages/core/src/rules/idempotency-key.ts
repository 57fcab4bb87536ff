/**
 * The `Idempotency-Key` rule, defined once (the edge validates the header with
 * this schema): 1-255 printable ASCII characters. Spaces may appear inside a
 * key but not at its ends, where HTTP would strip them.
 */
import { z } from "zod";

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$/;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** How long a key is remembered: a retry within this time gets the first response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export const IdempotencyKeySchema = z
  .string({ error: "must be a string" })
  .regex(IDEMPOTENCY_KEY_PATTERN, {
    error: `must be 1-${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, without spaces at either end`,
  })
  .meta({
    description:
      `Makes a create safe to retry: the same key with the same request within ${IDEMPOTENCY_TTL_SECONDS / 3600} hours gets the first response again and changes nothing.`,
    examples: ["3f0c9a4e-6d0b-4b7e-9a55-2f7c1c0e8d21"],
  });

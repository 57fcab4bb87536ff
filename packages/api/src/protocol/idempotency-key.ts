/**
 * The `Idempotency-Key` request header: read from the request (REST and /trpc
 * alike) and checked with the core's rule, a broken key being a 422 that names the header.
 */
import { z } from "zod";
import { IdempotencyKeySchema } from "@events/core";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

const HeaderSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: IdempotencyKeySchema.optional() });

/** The key as sent (undefined when absent); throws a ZodError naming the header when it breaks the rule. */
export function parseIdempotencyKey(sent: string | undefined): string | undefined {
  return HeaderSchema.parse({ [IDEMPOTENCY_KEY_HEADER]: sent })[IDEMPOTENCY_KEY_HEADER];
}

/** A create's idempotency options: the request's key (checked), under the caller's own scope. */
export function idempotencyOptions(ctx: { idempotencyKey: string | undefined; idempotencyScope: string }): {
  idempotencyKey: string | undefined;
  idempotencyScope: string;
} {
  return { idempotencyKey: parseIdempotencyKey(ctx.idempotencyKey), idempotencyScope: ctx.idempotencyScope };
}

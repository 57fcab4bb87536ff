/**
 * The tRPC instance: context, metadata (OpenAPI and the REST contract), error
 * shape, and the base procedure: access decided, domain failures turned into tRPC errors.
 */
import { initTRPC } from "@trpc/server";
import { describeError, toTRPCError } from "../protocol/error-table.js";
import type { ApiMeta } from "../protocol/rest-contract.js";
import { trpcErrorShape } from "../protocol/trpc-envelope.js";
import { accessDenial } from "../protocol/access.js";
import type { Context } from "./context.js";

/** The input's `userId`, for the rows about a person's own data (the input is not parsed yet). */
async function pathUserId(getRawInput: () => Promise<unknown>): Promise<unknown> {
  const input = await getRawInput().catch(() => undefined);
  return typeof input === "object" && input !== null ? (input as { userId?: unknown }).userId : undefined;
}

const t = initTRPC
  .context<Context>()
  .meta<ApiMeta>()
  .create({
    // Never put stack traces into responses, whatever NODE_ENV says.
    isDev: false,
    errorFormatter: ({ shape, error }) => trpcErrorShape(shape.data.code, describeError(error), shape.data.path),
  });

export const router = t.router;

/** Every procedure: the access table's row it names (`meta.access`) is checked before it runs. */
export const publicProcedure = t.procedure.use(async ({ ctx, meta, getRawInput, next }) => {
  const denied = accessDenial(ctx, meta?.access, await pathUserId(getRawInput));
  if (denied) throw toTRPCError(denied)!;
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * The tRPC instance: context, metadata (OpenAPI and the REST contract), error
 * shape, and the base procedure: access decided, domain failures turned into tRPC errors.
 */
import { initTRPC } from "@trpc/server";
import { describeError, toTRPCError } from "../protocol/error-table.js";
import type { ApiMeta } from "../protocol/rest-contract.js";
import { trpcErrorShape } from "../protocol/trpc-envelope.js";
import { accessDenial } from "./access.js";
import type { Context } from "./context.js";

const t = initTRPC
  .context<Context>()
  .meta<ApiMeta>()
  .create({
    // Never put stack traces into responses, whatever NODE_ENV says.
    isDev: false,
    errorFormatter: ({ shape, error }) => trpcErrorShape(shape.data.code, describeError(error), shape.data.path),
  });

export const router = t.router;

export const publicProcedure = t.procedure.use(async ({ ctx, type, meta, next }) => {
  const denied = accessDenial(ctx, type, meta);
  if (denied) throw toTRPCError(denied)!;
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

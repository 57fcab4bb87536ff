/**
 * The tRPC instance: context, metadata (OpenAPI and the REST contract), error
 * shape, and the base procedure that turns domain failures into tRPC errors.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { isDenied, WRITE_DENIED } from "../protocol/api-key.js";
import { describeError, toTRPCError } from "../protocol/error-table.js";
import type { ApiMeta } from "../protocol/rest-contract.js";
import { trpcErrorShape } from "../protocol/trpc-envelope.js";
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

export const publicProcedure = t.procedure.use(async ({ ctx, type, next }) => {
  // Writes need the API key when one is configured (REST requests were checked already).
  if (type === "mutation" && isDenied(ctx.writeAccess)) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: WRITE_DENIED[ctx.writeAccess] });
  }
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * The tRPC instance: context, OpenAPI metadata, error shape, and the base
 * procedure that turns domain failures into tRPC errors.
 */
import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context.js";
import { describeError, toTRPCError } from "./errors.js";

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    // Never put stack traces into responses, whatever NODE_ENV says.
    isDev: false,
    errorFormatter({ shape, error }) {
      const { status, detail, errors } = describeError(error);
      return {
        message: detail,
        code: shape.code,
        data: { code: shape.data.code, httpStatus: status, path: shape.data.path, detail, ...(errors ? { errors } : {}) },
      };
    },
  });

export const router = t.router;

export const publicProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

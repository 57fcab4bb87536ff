/**
 * The tRPC instance: context, OpenAPI metadata, error shape, and the base
 * procedure that turns domain failures into tRPC errors.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { WRITE_DENIED } from "../http/security.js";
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

export const publicProcedure = t.procedure.use(async ({ ctx, type, next }) => {
  // Writes need the API key when one is configured (REST requests were checked already).
  if (type === "mutation" && (ctx.writeAccess === "missing" || ctx.writeAccess === "invalid")) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: WRITE_DENIED[ctx.writeAccess] });
  }
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

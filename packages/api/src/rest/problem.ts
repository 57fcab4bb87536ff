/** RFC 9457 problem details: the body of every error response. */
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import type { FieldError } from "../trpc/errors.js";

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "`about:blank`: the status code says what kind of problem it is.", example: "about:blank" }),
    title: z.string().meta({ description: "The status code's phrase.", example: "Not Found" }),
    status: z.int().meta({ description: "The HTTP status code.", example: 404, minimum: 400, maximum: 599 }),
    detail: z.string().meta({ description: "What went wrong, for people.", example: "Event not found" }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: "The field's name (`body` for the body as a whole).", example: "capacity" }),
          message: z.string().meta({ description: "What is wrong with it, read after the name.", example: "must be an integer from 1 to 100000" }),
        }),
      )
      .optional()
      .meta({ description: "On 422: one entry per invalid field." }),
  })
  .meta({ id: "Problem", description: "An RFC 9457 problem details object: the body of every error response." });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemBody(status: number, detail: string, errors?: FieldError[]): Problem {
  return { type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(
  status: number,
  detail: string,
  options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, detail, options.errors)), {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, ...options.headers },
  });
}

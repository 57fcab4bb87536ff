/** RFC 9457 problem details: the body of every error response. */
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { CapacitySchema, EventNotFoundError } from "@events/core";
import type { ErrorDescription } from "./error-table.js";

/** One invalid field of a 422: `{ field: "capacity", message: "must be …" }`. */
export interface FieldError {
  field: string;
  message: string;
}

export const ProblemSchema = z
  .object({
    type: z.string().meta({ description: "`about:blank`: the status code says what kind of problem it is.", examples: ["about:blank"] }),
    title: z.string().meta({ description: "The status code's phrase.", examples: ["Not Found"] }),
    status: z.int().meta({ description: "The HTTP status code.", examples: [404], minimum: 400, maximum: 599 }),
    detail: z.string().meta({ description: "What went wrong, for people.", examples: [new EventNotFoundError("").message] }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: "The field's name (`body` for the body as a whole).", examples: ["capacity"] }),
          message: z.string().meta({ description: "What is wrong with it, read after the name.", examples: [CapacitySchema.safeParse(0).error!.issues[0]!.message] }),
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

/** A described failure as its problem response, with its headers (a 401 says how to authenticate). */
export const describedProblem = ({ status, detail, errors, headers }: ErrorDescription): Response =>
  problemResponse(status, detail, { ...(errors ? { errors } : {}), ...(headers ? { headers } : {}) });

export const notFoundResponse = () => problemResponse(404, "Not found");

/** 405, with the methods the path does answer. */
export const methodNotAllowedResponse = (method: string, allow: readonly string[]) =>
  problemResponse(405, `Method ${method} is not allowed on this path`, { headers: { Allow: allow.join(", ") } });

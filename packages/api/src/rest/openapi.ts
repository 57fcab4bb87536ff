/**
 * The OpenAPI 3.1 document of the REST paths. trpc-to-openapi generates paths,
 * parameters and schemas from the procedures; the responses are then written
 * from the operation table (responses.ts), so the document states the 201s,
 * 204s, headers and problem-details errors the handler really returns.
 */
import { z } from "zod";
import { forEachOpenApiProcedure, generateOpenApiDocument, normalizePath, type OpenAPIObject } from "trpc-to-openapi";
import { ERROR_DESCRIPTIONS, HEADER_DESCRIPTIONS, IF_MATCH_DESCRIPTION, OPERATION_RESPONSES } from "./responses.js";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "./problem.js";
import { restRouter } from "./router.js";

type Operation = {
  parameters?: unknown[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

const problemRef = { $ref: "#/components/schemas/Problem" };

export function buildOpenApiDocument(info: { version: string }): OpenAPIObject {
  const document = generateOpenApiDocument(restRouter, {
    title: "Events API",
    version: info.version,
    description:
      "Create, read, update, delete and list events. The same operations are available to TypeScript " +
      "clients as tRPC procedures at `/trpc`. Errors are RFC 9457 problem details with a `detail` string.",
    baseUrl: "/",
    securitySchemes: {},
    tags: ["events"],
  });

  forEachOpenApiProcedure(restRouter._def.procedures, ({ path: procedure, meta }) => {
    const spec = OPERATION_RESPONSES[procedure];
    const operation = document.paths?.[normalizePath(meta.openapi.path)]?.[
      meta.openapi.method.toLowerCase() as "get"
    ] as Operation | undefined;
    if (!spec || !operation) throw new Error(`No response description for ${procedure}`);

    if (spec.conditional) {
      operation.parameters = [
        ...(operation.parameters ?? []),
        { name: "If-Match", in: "header", required: false, description: IF_MATCH_DESCRIPTION, schema: { type: "string" } },
      ];
    }
    const successSchema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
    operation.responses = {
      [spec.success]: {
        description: spec.description,
        ...(spec.headers.length > 0 && {
          headers: Object.fromEntries(
            spec.headers.map((name) => [name, { description: HEADER_DESCRIPTIONS[name], schema: { type: "string" } }]),
          ),
        }),
        ...(spec.success !== 204 && { content: { "application/json": { schema: successSchema } } }),
      },
      ...Object.fromEntries(
        spec.errors.map((status) => [
          status,
          { description: ERROR_DESCRIPTIONS[status] ?? "Error", content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } } },
        ]),
      ),
    } as Operation["responses"];
  });

  // The bridge's own error schemas are replaced by Problem above.
  const schemas = Object.entries(document.components?.schemas ?? {}).filter(([name]) => !name.startsWith("error."));
  document.components = {
    ...document.components,
    schemas: {
      ...Object.fromEntries(schemas),
      Problem: z.toJSONSchema(ProblemSchema, { target: "draft-2020-12" }) as Record<string, unknown>,
    },
  };
  delete (document.components as { securitySchemes?: unknown }).securitySchemes;
  return document;
}

/**
 * The OpenAPI 3.1 document of the REST paths. trpc-to-openapi generates paths,
 * parameters and schemas from the procedures; the responses are then written
 * from the operation table (responses.ts), so the document states the 201s,
 * 204s, headers and problem-details errors the handler really returns.
 *
 * On top of that it adds what readers and tools look for: examples for every
 * request and response body (built from the schemas' own `example` metadata,
 * so they follow the field rules), the parameters' descriptions, the optional
 * API key for writes, and OpenAPI 3.1 / JSON Schema 2020-12 `examples` arrays
 * in schemas in place of the deprecated `example` keyword. The result passes
 * Redocly's recommended rules and swagger-parser (test/openapi-lint.test.ts).
 */
import { forEachOpenApiProcedure, generateOpenApiDocument, normalizePath, type OpenAPIObject } from "trpc-to-openapi";
import type { z } from "zod";
import {
  ERROR_DESCRIPTIONS,
  ERROR_EXAMPLES,
  ERROR_HEADERS,
  HEADER_DESCRIPTIONS,
  IF_MATCH_DESCRIPTION,
  OPERATION_RESPONSES,
} from "./responses.js";
import { PROBLEM_CONTENT_TYPE, ProblemSchema, problemBody } from "./problem.js";
import { restRouter } from "./router.js";

type Json = Record<string, unknown>;
interface Schema extends Json {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  examples?: unknown[];
}
interface Parameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
  example?: unknown;
  schema?: Schema;
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
}
interface Response {
  description: string;
  headers?: Record<string, { description: string; schema: Schema }>;
  content?: Record<string, MediaType>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, Response>;
  security?: Record<string, string[]>[];
}

export interface OpenApiInfo {
  version: string;
  /** The API's licence, when the project declares one (info.license). */
  license?: { name: string; identifier?: string; url?: string };
  contact?: { name?: string; url?: string; email?: string };
}

const TAG = {
  name: "events",
  description:
    "Events: create, read, update, delete, and list them by status and date range. Every event response " +
    "carries an `ETag`; updates and deletes honour `If-Match`.",
};

/** The optional API key for writes (see http/security.ts): either header works. */
export const SECURITY_SCHEMES = {
  ApiKey: {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "Needed for writes (POST, PUT, DELETE) only when the server is configured with an API key.",
  },
  Bearer: {
    type: "http",
    scheme: "bearer",
    description: "The same API key, sent as `Authorization: Bearer <key>`.",
  },
} as const;

/**
 * Writes may carry either scheme, or none: `{}` makes the key optional, as it
 * is on a server without one. Reads never need it.
 */
const WRITE_SECURITY: Record<string, string[]>[] = [{}, { ApiKey: [] }, { Bearer: [] }];

/** An update's example body: a partial change, as in the README. */
const UPDATE_EXAMPLE = { capacity: 150, status: "published" };
const UPDATED_AT_EXAMPLE = "2024-11-24T09:30:00.000Z";

/** `#/components/schemas/Event` → the Event schema. */
function deref(schema: Schema | undefined, components: Record<string, Schema>): Schema | undefined {
  const name = schema?.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  return name === undefined ? schema : components[name];
}

/** An example value for a schema, from its own example or its properties' examples. */
function exampleOf(schema: Schema | undefined, components: Record<string, Schema>): unknown {
  const resolved = deref(schema, components);
  if (!resolved) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.examples?.length) return resolved.examples[0];
  if (resolved.type === "array") {
    const item = exampleOf(resolved.items, components);
    return item === undefined ? undefined : [item];
  }
  if (resolved.properties) {
    const entries = Object.entries(resolved.properties)
      .map(([name, property]) => [name, exampleOf(property, components)] as const)
      .filter(([, value]) => value !== undefined);
    return Object.fromEntries(entries);
  }
  return undefined;
}

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, whose keyword is `examples`
 * (an array); `example` is deprecated there. Rewritten in place, recursively.
 */
function useExamplesKeyword(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(useExamplesKeyword);
  if (typeof schema !== "object" || schema === null) return;
  const node = schema as Schema;
  if ("example" in node) {
    if (!node.examples) node.examples = [node.example];
    delete node.example;
  }
  for (const key of ["items", "not", "additionalProperties", "contains", "if", "then", "else"]) useExamplesKeyword(node[key]);
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) useExamplesKeyword(node[key]);
  for (const key of ["properties", "patternProperties", "$defs"]) {
    const children = node[key];
    if (typeof children === "object" && children !== null) Object.values(children).forEach(useExamplesKeyword);
  }
}

/** The zod field behind a parameter: its own metadata (description, example) sits on the outer, optional schema. */
function fieldMeta(input: unknown, name: string): { description?: string; example?: unknown } {
  const shape = (input as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  const field = shape?.[name];
  return (field?.meta() as { description?: string; example?: unknown } | undefined) ?? {};
}

export function buildOpenApiDocument(info: OpenApiInfo): OpenAPIObject {
  const document = generateOpenApiDocument(restRouter, {
    title: "Events API",
    version: info.version,
    description:
      "Create, read, update, delete and list events. The same operations are available to TypeScript " +
      "clients as tRPC procedures at `/trpc`. Errors are RFC 9457 problem details with a `detail` string.",
    ...(info.license && { license: info.license }),
    ...(info.contact && { contact: info.contact }),
    baseUrl: "/",
    securitySchemes: SECURITY_SCHEMES,
    tags: [TAG.name],
    defs: { Problem: ProblemSchema },
  });
  document.tags = [TAG];

  // The bridge's own error schemas are replaced by Problem below.
  const components = Object.fromEntries(
    Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>).filter(([name]) => !name.startsWith("error.")),
  );
  document.components = {
    ...document.components,
    schemas: components as NonNullable<OpenAPIObject["components"]>["schemas"],
    securitySchemes: { ...SECURITY_SCHEMES },
  };
  const problemRef = { $ref: "#/components/schemas/Problem" };
  const eventExample = exampleOf({ $ref: "#/components/schemas/Event" }, components) as Json;

  forEachOpenApiProcedure(restRouter._def.procedures, ({ path: procedure, meta, procedure: proc }) => {
    const spec = OPERATION_RESPONSES[procedure];
    const operation = document.paths?.[normalizePath(meta.openapi.path)]?.[
      meta.openapi.method.toLowerCase() as "get"
    ] as Operation | undefined;
    if (!spec || !operation) throw new Error(`No response description for ${procedure}`);

    // Parameters: the descriptions and examples the zod fields carry. A path
    // parameter's example fills Swagger UI's "Try it out" field; a filter's
    // stays in its schema (`examples`), so a try-it list is not pre-filtered.
    const input = (proc as unknown as { _def: { inputs: unknown[] } })._def.inputs[0];
    for (const parameter of operation.parameters ?? []) {
      const { description, example } = fieldMeta(input, parameter.name);
      parameter.description ??= description ?? (parameter.schema?.description as string | undefined);
      if (example !== undefined && parameter.schema) parameter.schema.example = example;
      if (parameter.in === "path") parameter.example ??= example ?? parameter.schema?.example;
    }
    if (spec.conditional) {
      operation.parameters = [
        ...(operation.parameters ?? []),
        { name: "If-Match", in: "header", required: false, description: IF_MATCH_DESCRIPTION, schema: { type: "string", example: '"1"' } },
      ];
    }
    if (operation.parameters?.length === 0) delete operation.parameters;
    operation.security = spec.apiKey ? WRITE_SECURITY : [];

    // Request body: an example a user can send as is.
    const requestMedia = operation.requestBody?.content?.["application/json"];
    if (requestMedia) {
      requestMedia.example =
        procedure === "events.update" ? UPDATE_EXAMPLE : exampleOf(requestMedia.schema, components);
    }

    const successSchema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
    const successExample =
      procedure === "events.update"
        ? { ...eventExample, ...UPDATE_EXAMPLE, updatedAt: UPDATED_AT_EXAMPLE, version: 2 }
        : exampleOf(successSchema, components);
    operation.responses = {
      [spec.success]: {
        description: spec.description,
        ...(spec.headers.length > 0 && {
          headers: Object.fromEntries(
            spec.headers.map((name) => [name, { description: HEADER_DESCRIPTIONS[name], schema: { type: "string" } }]),
          ),
        }),
        ...(spec.success !== 204 && { content: { "application/json": { schema: successSchema, example: successExample } } }),
      },
      ...Object.fromEntries(
        spec.errors.map((status) => {
          const example = spec.errorExamples?.[status] ?? ERROR_EXAMPLES[status];
          const headers = ERROR_HEADERS[status];
          const response: Response = {
            description: ERROR_DESCRIPTIONS[status] ?? "Error",
            ...(headers && {
              headers: Object.fromEntries(
                Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
              ),
            }),
            content: {
              [PROBLEM_CONTENT_TYPE]: {
                schema: problemRef,
                ...(example && { example: problemBody(status, example.detail, example.errors) }),
              },
            },
          };
          return [status, response];
        }),
      ),
    };
  });

  // Every schema, wherever it sits: `example` → `examples`.
  Object.values(components).forEach(useExamplesKeyword);
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {}) as Operation[]) {
      if (typeof operation !== "object" || operation === null) continue;
      for (const parameter of operation.parameters ?? []) useExamplesKeyword(parameter.schema);
      for (const media of Object.values(operation.requestBody?.content ?? {})) useExamplesKeyword(media.schema);
      for (const response of Object.values(operation.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) useExamplesKeyword(media.schema);
        for (const header of Object.values(response.headers ?? {})) useExamplesKeyword(header.schema);
      }
    }
  }
  return document;
}

/**
 * The OpenAPI 3.1 document of the REST paths. trpc-to-openapi generates paths,
 * parameters and schemas from the procedures (examples from the schemas'
 * `.meta()`); each operation's responses are then written from its
 * `meta.rest`, so the document states the 201s, 204s, headers and
 * problem-details errors the handler really returns, with the real messages.
 * The result passes Redocly's recommended rules and swagger-parser
 * (test/openapi-lint.test.ts).
 */
import { forEachOpenApiProcedure, generateOpenApiDocument, normalizePath, type OpenAPIObject } from "trpc-to-openapi";
import type { z } from "zod";
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_TTL_SECONDS, IdempotencyKeySchema } from "@events/core";
import { IDENTITY_RETRY_AFTER_SECONDS, WWW_AUTHENTICATE } from "../protocol/auth-errors.js";
import { fieldErrors, invalidInput } from "../protocol/error-table.js";
import { IDEMPOTENCY_KEY_HEADER } from "../protocol/idempotency-key.js";
import { PROBLEM_CONTENT_TYPE, ProblemSchema, problemBody } from "../protocol/problem.js";
import type { ApiMeta, ErrorDoc, RestContract } from "../protocol/rest-contract.js";
import { appRouter } from "../trpc/router.js";

type Json = Record<string, unknown>;
interface Schema extends Json {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
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
  examples?: Record<string, { value: unknown }>;
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
  /** The issuer and audience this server accepts access tokens for, named in the security scheme when known. */
  auth?: { issuer: string; audience: string };
}

const TAGS = [
  {
    name: "events",
    description:
      "Events: create, read, update, delete, and list them by status and date range. Every event response " +
      "carries an `ETag`; updates and deletes honour `If-Match`.",
  },
  {
    name: "registrations",
    description:
      "People registering for events: `capacity` is enforced atomically; a full event with `waitlistEnabled` " +
      "keeps a first-come-first-served waitlist, and a place that frees up goes to the first in line.",
  },
  {
    name: "webhooks",
    description:
      "Hear about every change as it happens: endpoints get each message (`event.*`, `registration.*`) as a signed POST " +
      "(Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`), at least once, retried on a schedule; " +
      "each endpoint's deliveries log shows every attempt.",
  },
  {
    name: "identity",
    description:
      "Who is calling: a person with an access token from the configured OpenID Connect issuer, a service with an API key, " +
      "or anyone. A server with neither an issuer nor a key is in open mode: everybody may do everything.",
  },
];

/** How a caller proves who it is (protocol/credentials.ts); `auth` names the issuer when the server has one. */
export function securitySchemes(auth?: OpenApiInfo["auth"]) {
  const issuer = auth
    ? `issued by \`${auth.issuer}\` for the audience \`${auth.audience}\``
    : "issued by the OpenID Connect issuer the server is configured with (`AUTH_ISSUER`), for its audience (`AUTH_AUDIENCE`: in `aud`, or as `client_id` when there is no `aud`)";
  return {
    AccessToken: {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: `A person's access token (a JWT ${issuer}). An ID token is refused.`,
    },
    ApiKey: {
      type: "apiKey",
      in: "header",
      name: "X-Api-Key",
      description: "A service key (one of the server's `API_KEY` list): a service acts for anyone.",
    },
    Bearer: {
      type: "http",
      scheme: "bearer",
      description: "A service key sent as `Authorization: Bearer <key>` (a value that is not a JWT).",
    },
  } as const;
}

/** `{}`: no credential is fine (open mode, and reads); any scheme identifies the caller. */
export const SECURITY: Record<string, string[]>[] = [{}, { AccessToken: [] }, { ApiKey: [] }, { Bearer: [] }];

const header = (name: string, description: string, schema: Schema): Parameter => ({ name, in: "header", required: false, description, schema });

const IF_MATCH = header(
  "If-Match",
  'Apply only if the event is still the one read: its `ETag`, e.g. `"3-q1Xy0aBc"` (412 otherwise). The plain `"3"` form ' +
    "compares the version only (an event deleted and created again under its id is at version 1 again). `*` matches any version.",
  { type: "string", examples: ['"1-q1Xy0aBc"'] },
);

/** On a GET with an ETag (the REST handler answers it with 304). */
const IF_NONE_MATCH = header(
  "If-None-Match",
  'The `ETag` of a copy already held, e.g. `"3-q1Xy0aBc"` (a list of tags, or `*`): 304 with no body while it is current.',
  { type: "string", examples: ['"1-q1Xy0aBc"'] },
);

const IDEMPOTENCY_KEY = header(
  IDEMPOTENCY_KEY_HEADER,
  `Makes the create safe to retry: 1-${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters. The same key with the same body within ` +
    `${IDEMPOTENCY_TTL_SECONDS / 3600} hours gets the first response again (status, body, \`Location\`) and changes nothing; with another body, 422.`,
  { type: "string", minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, examples: IdempotencyKeySchema.meta()?.examples as unknown[] },
);

const string = (description: string) => ({ description, schema: { type: "string" } });

function successHeaders(headers: NonNullable<RestContract["headers"]>) {
  return {
    ...(headers.Location && { Location: string(`The new resource's path, \`${headers.Location}\`.`) }),
    ...(headers.ETag && {
      ETag: string(
        'The strong entity tag, `"<version>-<incarnation>"` (the incarnation tells the event from one deleted and created ' +
          "again under its id); send it back in `If-Match` to update or delete only that version.",
      ),
    }),
    ...(headers.Link && {
      Link: string('Present when more results exist: `<…?cursor=…>; rel="next"` (RFC 8288), the other query parameters kept.'),
    }),
  };
}

/** `#/components/schemas/Event` → the Event schema. */
function deref(schema: Schema | undefined, components: Record<string, Schema>): Schema | undefined {
  const name = schema?.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  return name === undefined ? schema : components[name];
}

/** An example value for a schema, from its own examples or its properties' examples. */
function exampleOf(schema: Schema | undefined, components: Record<string, Schema>): unknown {
  const resolved = deref(schema, components);
  if (!resolved) return undefined;
  if (resolved.examples?.length) return resolved.examples[0];
  // A nullable field (`anyOf: [T, null]`): the example of its first branch that has one.
  const branches = resolved.anyOf as Schema[] | undefined;
  if (branches) return branches.map((branch) => exampleOf(branch, components)).find((example) => example !== undefined);
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

/** An example with some fields set: a list's on each of its items. */
function withFields(example: unknown, fields: Json): unknown {
  return Array.isArray(example) ? example.map((item) => ({ ...(item as Json), ...fields })) : { ...(example as Json), ...fields };
}

/** The zod field behind a parameter: its own metadata (description, examples) sits on the outer, optional schema. */
function fieldMeta(input: z.ZodType | undefined, name: string): { description?: string; examples?: unknown[] } {
  // An optional input (events.list takes none at all over tRPC) holds its fields one level in.
  const object = (input as { unwrap?: () => z.ZodType } | undefined)?.unwrap?.() ?? input;
  const field = (object as { shape?: Record<string, z.ZodType> } | undefined)?.shape?.[name];
  return (field?.meta() as { description?: string; examples?: unknown[] } | undefined) ?? {};
}

/** The problem an error doc shows: its detail, or what the procedure's own validation says of its `invalid` input. */
function problemExample(status: number, doc: ErrorDoc, input: z.ZodType | undefined) {
  if (doc.invalid && input) {
    const named = fieldErrors(input.safeParse(doc.invalid).error!).filter(({ field }) => field in doc.invalid!);
    const { detail, errors } = invalidInput(named);
    return problemBody(status, detail, errors);
  }
  return doc.detail === undefined ? undefined : problemBody(status, doc.detail);
}

export function buildOpenApiDocument(info: OpenApiInfo): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: "Events API",
    version: info.version,
    description:
      "Create, read, update, delete and list events; register people for them, with capacity enforced " +
      "atomically and a first-come-first-served waitlist; retry creates safely with `Idempotency-Key`; " +
      "subscribe to events as iCalendar feeds; hear about every change through signed webhooks. The same operations are available to TypeScript clients as " +
      "tRPC procedures at `/trpc`. Errors are RFC 9457 problem details with a `detail` string.",
    ...(info.license && { license: info.license }),
    ...(info.contact && { contact: info.contact }),
    baseUrl: "/",
    securitySchemes: securitySchemes(info.auth),
    tags: TAGS.map((tag) => tag.name),
    defs: { Problem: ProblemSchema },
  });
  document.tags = TAGS;

  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  /** Schemas left out: the bridge's own errors (Problem replaces them), and list pages (REST sends their items). */
  const omitted = new Set(Object.keys(components).filter((name) => name.startsWith("error.")));
  const problemRef = { $ref: "#/components/schemas/Problem" };

  forEachOpenApiProcedure(appRouter._def.procedures, ({ meta, procedure }) => {
    const contract = (meta as ApiMeta).rest!;
    const operation = document.paths?.[normalizePath(meta.openapi.path)]?.[meta.openapi.method.toLowerCase() as "get"] as Operation;
    const input = (procedure as unknown as { _def: { inputs: z.ZodType[] } })._def.inputs[0];

    // A path parameter's example fills Swagger UI's "Try it out" field; a
    // filter's stays in its schema, so a try-it list is not pre-filtered.
    for (const parameter of operation.parameters ?? []) {
      const { description, examples } = fieldMeta(input, parameter.name);
      parameter.description ??= description ?? (parameter.schema?.description as string | undefined);
      if (examples && parameter.schema) parameter.schema.examples = examples;
      if (parameter.in === "path") parameter.example ??= examples?.[0] ?? parameter.schema?.examples?.[0];
    }
    if (contract.conditional) operation.parameters = [...(operation.parameters ?? []), IF_MATCH];
    const revalidates = meta.openapi.method === "GET" && contract.headers?.ETag === true;
    if (revalidates) operation.parameters = [...(operation.parameters ?? []), IF_NONE_MATCH];
    if (contract.idempotent) operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
    if (operation.parameters?.length === 0) delete operation.parameters;
    // `{}` first: open mode needs none; in secured mode writes and `/me` need one (their 401 says so).
    operation.security = SECURITY;

    const requestMedia = operation.requestBody?.content?.["application/json"];
    if (requestMedia) requestMedia.example = exampleOf(requestMedia.schema, components);

    const generatedSchema = operation.responses?.["200"]?.content?.["application/json"]?.schema;
    if (contract.list) omitted.add(generatedSchema?.$ref?.split("/").pop() ?? "");
    const successSchema = contract.list ? deref(generatedSchema, components)?.properties?.items : generatedSchema;
    const successExample = exampleOf(successSchema, components);
    operation.responses = {
      [contract.success]: {
        description: contract.description,
        ...(contract.headers && { headers: successHeaders(contract.headers) }),
        // 202 and 204 have no body (rest-contract.ts).
        ...(contract.success !== 204 && contract.success !== 202 && {
          content: {
            "application/json": {
              schema: successSchema,
              example: contract.responseExample ? withFields(successExample, contract.responseExample) : successExample,
            },
          },
        }),
      },
      ...(revalidates && {
        304: { description: "`If-None-Match` names the current `ETag`: not modified, no body.", headers: { ETag: successHeaders({ ETag: true }).ETag! } },
      }),
      ...Object.fromEntries(
        Object.entries(contract.errors).map(([status, doc]) => {
          const example = problemExample(Number(status), doc, input);
          const examples =
            doc.details &&
            Object.fromEntries(Object.entries(doc.details).map(([name, detail]) => [name, { value: problemBody(Number(status), detail) }]));
          const response: Response = {
            description: doc.description,
            ...(status === "401" && {
              headers: {
                "WWW-Authenticate": string(
                  `\`${WWW_AUTHENTICATE}\` when no credential was sent; \`${WWW_AUTHENTICATE}, error="invalid_token", error_description="…"\` when one was refused (RFC 6750).`,
                ),
              },
            }),
            ...(status === "503" && {
              headers: { "Retry-After": string(`Seconds to wait before retrying (${IDENTITY_RETRY_AFTER_SECONDS} when the identity provider was unreachable).`) },
            }),
            content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef, ...(example && { example }), ...(examples && { examples }) } },
          };
          return [status, response];
        }),
      ),
    };
  });
  document.components = {
    ...document.components,
    schemas: Object.fromEntries(Object.entries(components).filter(([name]) => !omitted.has(name))) as NonNullable<OpenAPIObject["components"]>["schemas"],
    securitySchemes: { ...securitySchemes(info.auth) },
  };
  return document;
}

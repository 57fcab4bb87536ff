/**
 * Every path the app answers, for what routes requests to it (API Gateway,
 * stacks/http.ts): the OpenAPI document's paths, operations and feeds, and the
 * few the app serves outside the document. A new operation needs no edit here.
 */
import { buildOpenApiDocument, type OpenApiInfo } from "../rest/openapi.js";
import { withFeedPaths } from "./feeds-openapi.js";
import type * as Declared from "./served-paths.js";

/** Served by http/app.ts beside the document's paths: tRPC, the document and its page, and the health check. */
export const PATHS_OUTSIDE_DOCUMENT = ["/trpc/{proxy+}", "/openapi.json", "/docs", "/docs/{asset}", "/health"] as const;

/** The document served at /openapi.json: the procedures' operations and the calendar feeds. */
export const buildDocument = (info: OpenApiInfo) => withFeedPaths(buildOpenApiDocument(info));

/**
 * Every path the app serves (`{name}` for a parameter, `{proxy+}` for the rest of the path). A parameter
 * is a whole segment (`/calendars/{token}.ics` is routed as `/calendars/{token}`): API Gateway's path
 * variables take nothing beside them, and the app itself tells what the segment must end with.
 */
export function servedPaths(): string[] {
  const paths = [...Object.keys(buildDocument({ version: "0.0.0" }).paths ?? {}), ...PATHS_OUTSIDE_DOCUMENT];
  return paths.map((path) => path.replace(/\{([^}]+)\}[^/]+/g, "{$1}"));
}

// What stacks/ is told it imports (served-paths.d.ts) is what this file exports.
void ({ PATHS_OUTSIDE_DOCUMENT, servedPaths } satisfies typeof Declared);

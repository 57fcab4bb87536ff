/**
 * REST clients from the OpenAPI document, with third-party tools and no glue:
 * the document the server serves at /openapi.json goes through
 * `openapi-typescript` (types), a small module uses `openapi-fetch` with them,
 * the TypeScript compiler checks it (strict) with zero diagnostics, and the
 * very code it checked then drives the five operations against the server.
 * A second snippet with deliberate mistakes must fail to compile, line by line:
 * the generated types are real, not `any`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { startTestApi } from "../../api/test/harness.js";

const api = await startTestApi();
const openapiFetchDir = fileURLToPath(new URL("../node_modules/openapi-fetch", import.meta.url));

let dir: string;
let schema: string;
beforeAll(async () => {
  // A scratch project: the generated types, the client modules, and openapi-fetch as its dependency.
  dir = await mkdtemp(join(tmpdir(), "events-openapi-fetch-"));
  await mkdir(join(dir, "node_modules"));
  await symlink(openapiFetchDir, join(dir, "node_modules", "openapi-fetch"), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "rest-client", private: true, type: "module" }));

  // The types, generated from what the server serves (openapi-typescript's programmatic API).
  const document = (await (await api.request("/openapi.json")).json()) as OpenAPI3;
  schema = astToString(await openapiTS(document, { silent: true }));
  await writeFile(join(dir, "schema.ts"), schema);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Strict, like a careful app: every strict flag, exact optional properties, checked index access. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noFallthroughCasesInSwitch: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: [],
  verbatimModuleSyntax: true,
};

/** Parsed library files (the DOM lib, openapi-fetch's types), shared by the programs of this file. */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();
const host = ts.createCompilerHost(COMPILER_OPTIONS);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, ...rest) => {
  if (fileName.startsWith(dir + "/") && !fileName.includes("/node_modules/")) return getSourceFile(fileName, ...rest);
  if (!libraryFiles.has(fileName)) libraryFiles.set(fileName, getSourceFile(fileName, ...rest));
  return libraryFiles.get(fileName);
};

function compile(files: string[], emit: boolean) {
  const program = ts.createProgram(
    files.map((file) => join(dir, file)),
    emit ? { ...COMPILER_OPTIONS, outDir: dir, rootDir: dir } : { ...COMPILER_OPTIONS, noEmit: true },
    host,
  );
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (emit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (!diagnostic.file || diagnostic.start === undefined) return { file: undefined, line: 0, message };
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return { file: diagnostic.file.fileName.slice(dir.length + 1), line: line + 1, message };
  });
}

/** The client module: typed by the generated `paths`, it runs each operation and reports what it saw. */
const REST_CLIENT = `
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type Event = components["schemas"]["Event"];
export type NewEvent = paths["/events"]["post"]["requestBody"]["content"]["application/json"];
export type Problem = components["schemas"]["Problem"];

export function createEventsRestClient(baseUrl: string) {
  return createClient<paths>({ baseUrl });
}

const meetup = (eventId: string, date: string): NewEvent => ({
  eventId,
  title: "Community meetup",
  description: "Talks, demos and pizza",
  date,
  location: "Berlin",
  capacity: 40,
  organizer: "Example Org",
  status: "published",
});

/** The next page's cursor, from the RFC 8288 Link header. */
function nextCursor(link: string | null): string | undefined {
  const target = link?.match(/<([^>]+)>;\\s*rel="next"/)?.[1];
  return target ? new URL(target, "http://any").searchParams.get("cursor") ?? undefined : undefined;
}

export async function runFiveOperations(baseUrl: string) {
  const client = createEventsRestClient(baseUrl);

  // create: 201, the stored event, Location and ETag
  const created = await client.POST("/events", { body: meetup("rest-1", "2032-03-03") });
  if (!created.data) throw new Error("create failed: " + created.error?.detail);
  const event: Event = created.data;
  for (const [id, date] of [["rest-2", "2032-03-01"], ["rest-3", "2032-03-02"]] as const) {
    await client.POST("/events", { body: meetup(id, date) });
  }
  const duplicate = await client.POST("/events", { body: meetup("rest-1", "2032-03-03") });

  // list: query parameters, pages followed through Link
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const query: NonNullable<paths["/events"]["get"]["parameters"]["query"]> = { status: "published", from: "2032-03-01", to: "2032-03-31", limit: 2 };
    if (cursor) query.cursor = cursor;
    const page = await client.GET("/events", { params: { query } });
    if (!page.data) throw new Error("list failed: " + page.error?.detail);
    pages.push(page.data.map((item) => item.eventId));
    cursor = nextCursor(page.response.headers.get("link"));
  } while (cursor);
  const badQuery = await client.GET("/events", { params: { query: { limit: 0 } } });

  // get
  const fetched = await client.GET("/events/{eventId}", { params: { path: { eventId: "rest-1" } } });
  const etag = fetched.response.headers.get("etag") ?? "";

  // update, conditional on the ETag; then again with the stale ETag
  const updated = await client.PUT("/events/{eventId}", {
    params: { path: { eventId: "rest-1" }, header: { "If-Match": etag } },
    body: { capacity: 75, status: "active" },
  });
  const stale = await client.PUT("/events/{eventId}", {
    params: { path: { eventId: "rest-1" }, header: { "If-Match": etag } },
    body: { capacity: 1 },
  });
  const capacity: number | undefined = updated.data?.capacity;

  // delete: 204, no body; then the event is gone
  const deleted = await client.DELETE("/events/{eventId}", {
    params: { path: { eventId: "rest-1" }, header: { "If-Match": updated.response.headers.get("etag") ?? "" } },
  });
  const gone = await client.GET("/events/{eventId}", { params: { path: { eventId: "rest-1" } } });

  return {
    create: { status: created.response.status, location: created.response.headers.get("location"), etag: created.response.headers.get("etag"), event },
    duplicate: { status: duplicate.response.status, detail: duplicate.error?.detail },
    list: { pages, badQuery: { status: badQuery.response.status, errors: badQuery.error?.errors } },
    get: { status: fetched.response.status, etag, title: fetched.data?.title },
    update: { status: updated.response.status, capacity, version: updated.data?.version, etag: updated.response.headers.get("etag") },
    staleUpdate: { status: stale.response.status, detail: stale.error?.detail },
    delete: { status: deleted.response.status, data: deleted.data, error: deleted.error },
    afterDelete: { status: gone.response.status, detail: gone.error?.detail },
  };
}
`;

/** Mistakes a user could make; each line marked \`// ✗\` must be a compile error, and no other line. */
const WRONG_CALLS = `
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const client = createClient<paths>({ baseUrl: "http://localhost:8000" });
const base = { title: "t", description: "d", date: "2024-12-15", location: "l", organizer: "o" };

export async function mistakes() {
  await client.POST("/events", { body: { ...base, capcity: 5 } }); // ✗ a typo: capcity
  await client.POST("/events", { body: { ...base, capacity: "500" } }); // ✗ capacity is a number
  await client.POST("/events", { body: { ...base, capacity: 5, status: "archived" } }); // ✗ no such status
  await client.GET("/events", { params: { query: { status: "archived" } } }); // ✗ no such status in the query either
  await client.GET("/events", { params: { query: { limit: "20" } } }); // ✗ limit is a number
  await client.GET("/event/{eventId}", { params: { path: { eventId: "x" } } }); // ✗ no such path
  await client.GET("/events/{eventId}", { params: { path: { id: "x" } } }); // ✗ the path parameter is eventId
  await client.PATCH("/events/{eventId}", { params: { path: { eventId: "x" } }, body: {} }); // ✗ no PATCH operation
  await client.PUT("/events/{eventId}", { params: { path: { eventId: "x" } }, body: { capacity: "500" } }); // ✗ capacity is a number
  const { data } = await client.GET("/events/{eventId}", { params: { path: { eventId: "x" } } });
  const title: number | undefined = data?.title; // ✗ title is a string
  const organiser = data?.organiser; // ✗ no such field
  return [title, organiser];
}
`;

interface FiveOperations {
  create: { status: number; location: string | null; etag: string | null; event: Record<string, unknown> };
  duplicate: { status: number; detail?: string };
  list: { pages: string[][]; badQuery: { status: number; errors?: Array<{ field: string; message: string }> } };
  get: { status: number; etag: string; title?: string };
  update: { status: number; capacity?: number; version?: number; etag: string | null };
  staleUpdate: { status: number; detail?: string };
  delete: { status: number; data: unknown; error: unknown };
  afterDelete: { status: number; detail?: string };
}

describe("openapi-typescript + openapi-fetch from /openapi.json", () => {
  it("generates the types, compiles a client with them (strict, zero diagnostics) and runs the five operations", async () => {
    expect(schema).toContain("export interface paths");
    for (const operationId of ["createEvent", "listEvents", "getEvent", "updateEvent", "deleteEvent"]) {
      expect(schema).toContain(`${operationId}: {`);
    }
    await writeFile(join(dir, "rest-client.ts"), REST_CLIENT);

    expect(compile(["rest-client.ts"], true)).toEqual([]);

    // The code the compiler checked is the code that runs.
    const emitted = join(dir, "rest-client.js");
    expect(await readFile(emitted, "utf8")).toContain('from "openapi-fetch"');
    const { runFiveOperations } = (await import(/* @vite-ignore */ pathToFileURL(emitted).href)) as {
      runFiveOperations(baseUrl: string): Promise<FiveOperations>;
    };
    const result = await runFiveOperations(api.baseUrl);

    expect(result.create).toMatchObject({ status: 201, location: "/events/rest-1", etag: expect.stringMatching(/^"1-[\w-]{8}"$/) });
    expect(result.create.event).toMatchObject({ eventId: "rest-1", status: "published", capacity: 40, version: 1 });
    expect(result.duplicate).toEqual({ status: 409, detail: expect.any(String) });

    expect(result.list.pages).toEqual([["rest-2", "rest-3"], ["rest-1"]]);
    expect(result.list.badQuery).toEqual({ status: 422, errors: [{ field: "limit", message: expect.any(String) }] });

    expect(result.get).toEqual({ status: 200, etag: result.create.etag, title: "Community meetup" });
    expect(result.update).toEqual({ status: 200, capacity: 75, version: 2, etag: expect.stringMatching(/^"2-[\w-]{8}"$/) });
    expect(result.staleUpdate).toEqual({ status: 412, detail: expect.any(String) });

    expect(result.delete).toEqual({ status: 204, data: undefined, error: undefined });
    expect(result.afterDelete).toEqual({ status: 404, detail: "Event not found" });
  });

  it("types the calls for real: each deliberate mistake is a compile error", async () => {
    await writeFile(join(dir, "wrong.ts"), WRONG_CALLS);
    const diagnostics = compile(["wrong.ts"], false);
    if (process.env.SHOW_DIAGNOSTICS) console.log(diagnostics.map((d) => `${d.line}: ${d.message.split("\n")[0]}`).join("\n"));

    const expectedLines = WRONG_CALLS.split("\n")
      .map((line, index) => (line.includes("// ✗") ? index + 1 : 0))
      .filter(Boolean);
    expect(expectedLines).toHaveLength(11);
    expect(diagnostics.every((d) => d.file === "wrong.ts")).toBe(true);
    expect([...new Set(diagnostics.map((d) => d.line))].sort((a, b) => a - b)).toEqual(expectedLines);
  });
});

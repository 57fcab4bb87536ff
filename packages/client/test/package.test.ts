/**
 * The published package, used as a stranger would: `pnpm pack` (which builds
 * it), `npm install` of the tarball into a fresh app outside the workspace,
 * `tsc --strict` with `skipLibCheck: false` under `nodenext` and `bundler`
 * resolution, then the compiled app run by node against a live server. Two
 * files with deliberate mistakes (a misspelled field, a wrong argument type)
 * must fail to compile, naming the property.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify, stripVTControlCharacters } from "node:util";
import { startDevIssuer } from "@events/dev-issuer";
import { startTestApi } from "../../api/test/harness.js";

const API_KEY = "package-test-key";
// Secured by the development issuer too: the app makes a signed-in call with a person's token.
const AUDIENCE = "http://localhost:8000";
const issuer = await startDevIssuer({ audience: AUDIENCE, users: { alice: { name: "Alice A", email: "alice@example.test" } } });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: API_KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });

const clientDir = fileURLToPath(new URL("..", import.meta.url));
/** The app pins the TypeScript the workspace uses, as an app's devDependency (else npm would bring the newest as tRPC's peer). */
const typescriptVersion = (
  JSON.parse(await readFile(join(clientDir, "node_modules", "typescript", "package.json"), "utf8")) as { version: string }
).version;

interface Run {
  code: number;
  output: string;
}

/** Runs a command without blocking this process (the server under test lives in it). */
async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

async function succeed(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.code}):\n${result.output}`);
  return result.output;
}

const MODES = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;
type Mode = keyof typeof MODES;

function tsconfig(mode: Mode, files: string[], outDir: string) {
  return {
    compilerOptions: {
      ...MODES[mode],
      target: "es2022",
      // tRPC's own types use `Disposable` (TypeScript's esnext.disposable lib, or @types/node).
      lib: ["es2022", "esnext.disposable", "dom", "dom.iterable"],
      types: [],
      strict: true,
      skipLibCheck: false,
      outDir,
    },
    files,
  };
}

/** The app: everything a user does with the client, typed by the published .d.ts alone. */
const APP = `
import {
  createEventsClient, deleteIfMatch, errorCode, errorDetail, idempotencyKey, pages, registrationPages, updateIfMatch, TRPCClientError,
  type AppRouter, type CreateEventInput, type Event, type EventsErrorCode, type Registration,
} from "@events/client";

async function failure(call: Promise<unknown>): Promise<{ code: EventsErrorCode | undefined; detail: string; fields: string[] }> {
  try {
    await call;
  } catch (error) {
    const fields = error instanceof TRPCClientError
      ? ((error as TRPCClientError<AppRouter>).data?.errors ?? []).map((entry) => entry.field)
      : [];
    return { code: errorCode(error), detail: errorDetail(error), fields };
  }
  throw new Error("the call succeeded");
}

export async function main(baseUrl: string, apiKey: string, token: string, prefix: string, year: number) {
  const api = createEventsClient(baseUrl, { apiKey });
  const meetup = (n: number): CreateEventInput => ({
    eventId: prefix + "-" + n,
    title: "Meetup " + n,
    description: "Talks and pizza",
    date: year + "-05-0" + n,
    location: "Berlin",
    capacity: 40,
    organizer: "Example Org",
    status: "published",
  });

  // Events: create, read, update with If-Match, the stale update refused.
  const created: Event = await api.events.create.mutate(meetup(1));
  const fetched = await api.events.get.query({ eventId: created.eventId });
  const updated = await updateIfMatch(api, fetched, { capacity: 60 });
  const conflict = await failure(updateIfMatch(api, fetched, { capacity: 70 }));

  // Pages: four more events in this run's year, two per page.
  for (const n of [2, 3, 4, 5]) await api.events.create.mutate(meetup(n));
  const seen: string[][] = [];
  for await (const page of pages(api, { from: year + "-01-01", to: year + "-12-31", limit: 2 })) {
    seen.push(page.items.map((event) => event.eventId));
  }

  // A signed-in person: the token from a function, called per request; an event that is not theirs is not theirs to change.
  const me = await createEventsClient(baseUrl, { token: async () => token }).me.get.query();
  const forbidden = await failure(createEventsClient(baseUrl, { token }).events.update.mutate({ eventId: created.eventId, capacity: 7 }));

  // Error codes.
  const duplicate = await failure(api.events.create.mutate(meetup(1)));
  const invalid = await failure(api.events.create.mutate({ ...meetup(9), capacity: 0 }));
  const unauthorized = await failure(createEventsClient(baseUrl).events.create.mutate(meetup(8)));

  // Registrations: one place and a waitlist; a cancellation promotes the first in line.
  const workshop = await api.events.create.mutate({ ...meetup(6), capacity: 1, waitlistEnabled: true });
  const ada: Registration = await api.registrations.create.mutate({ eventId: workshop.eventId, userId: "ada" }, idempotencyKey(prefix + "-ada"));
  const bob = await api.registrations.create.mutate({ eventId: workshop.eventId, userId: "bob" });
  await api.registrations.delete.mutate({ eventId: workshop.eventId, userId: "ada" });
  const line: string[] = [];
  for await (const page of registrationPages(api, { eventId: workshop.eventId })) {
    for (const r of page.items) line.push(r.userId + ":" + r.status);
  }

  // Delete with If-Match, then it is gone.
  await deleteIfMatch(api, updated);
  const missing = await failure(api.events.get.query({ eventId: created.eventId }));

  return {
    created: { eventId: created.eventId, version: created.version, status: created.status },
    updated: { capacity: updated.capacity, version: updated.version },
    conflict, pages: seen, duplicate, invalid, unauthorized, missing, me, forbidden,
    registrations: { ada: ada.status, bob: [bob.status, bob.position], after: line },
  };
}
`;

/** Runs the compiled app with node and prints what it saw. */
const RUNNER = `
const [appFile, baseUrl, apiKey, prefix, year] = process.argv.slice(2);
const { main } = await import(new URL(appFile, import.meta.url).href);
// The token comes in the environment, never on a command line.
console.log(JSON.stringify(await main(baseUrl, apiKey, process.env.EVENTS_TOKEN, prefix, Number(year))));
`;

const TYPO = `
import { createEventsClient } from "@events/client";
const api = createEventsClient("http://localhost:8000");
export const typo = api.events.create.mutate({
  titel: "Meetup", description: "Talks", date: "2030-05-01", location: "Berlin", capacity: 10, organizer: "Org",
});
`;

const WRONG_TYPE = `
import { createEventsClient } from "@events/client";
const api = createEventsClient("http://localhost:8000");
export const wrongType = api.events.update.mutate({ eventId: "x", capacity: "10" });
`;

let appDir: string;
let installed: { files: string[]; manifest: Record<string, unknown>; declarationImports: string[] };
beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), "events-client-app-"));
  const packDir = join(appDir, "pack");
  await mkdir(packDir);
  // pnpm pack runs the package's prepack script: the build.
  await succeed("npx", ["--yes", "pnpm@10", "pack", "--pack-destination", packDir], clientDir);
  const [tarball] = (await readdir(packDir)).filter((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack made no tarball");

  const app = { name: "events-app", private: true, type: "module", devDependencies: { typescript: typescriptVersion } };
  await writeFile(join(appDir, "package.json"), JSON.stringify(app));
  // npm brings the client's peers (@trpc/client, @trpc/server) itself; its cache only saves downloads.
  await succeed("npm", ["install", join(packDir, tarball), "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], appDir);

  const packageDir = join(appDir, "node_modules", "@events", "client");
  const declarations = await readFile(join(packageDir, "dist", "index.d.ts"), "utf8");
  installed = {
    files: (await readdir(packageDir, { recursive: true })).sort(),
    manifest: JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as Record<string, unknown>,
    declarationImports: [...new Set([...declarations.matchAll(/from\s+["']([^"']+)["']/g)].map((match) => match[1]!))].sort(),
  };

  await mkdir(join(appDir, "src"));
  await writeFile(join(appDir, "src", "app.ts"), APP);
  await writeFile(join(appDir, "src", "typo.ts"), TYPO);
  await writeFile(join(appDir, "src", "wrong-type.ts"), WRONG_TYPE);
  await writeFile(join(appDir, "run.mjs"), RUNNER);
}, 300_000);
afterAll(async () => {
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

/** Compiles `files` of the app under `mode`; the config goes in a file so that tsc reads it as a project. */
async function compile(mode: Mode, files: string[], name: string): Promise<Run> {
  const config = join(appDir, `tsconfig.${name}.json`);
  await writeFile(config, JSON.stringify(tsconfig(mode, files, `out-${name}`)));
  // --pretty also prints the related information ("The expected type comes from property …").
  const result = await run(process.execPath, [join(appDir, "node_modules", "typescript", "bin", "tsc"), "-p", config, "--pretty"], appDir);
  return { code: result.code, output: stripVTControlCharacters(result.output) };
}

describe("the packed @events/client in a fresh npm app", () => {
  it("ships built JavaScript and one .d.ts that needs only tRPC, no server package", () => {
    expect(installed.files).toEqual(["LICENSE", "README.md", "dist", "dist/index.d.ts", "dist/index.js", "package.json"]);
    expect(installed.manifest).toMatchObject({
      exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
      types: "./dist/index.d.ts",
      license: "MIT",
      sideEffects: false,
    });
    expect(installed.manifest).not.toHaveProperty("dependencies");
    expect(JSON.stringify(installed.manifest)).not.toContain("workspace:");
    expect(installed.declarationImports).toEqual(["@trpc/client", "@trpc/server"]);
  });

  for (const [index, mode] of (["nodenext", "bundler"] as const).entries()) {
    it(`compiles strict under moduleResolution ${mode} and runs against a live server`, { timeout: 120_000 }, async () => {
      const compiled = await compile(mode, ["src/app.ts"], mode);
      expect(compiled.output).toBe("");
      expect(compiled.code).toBe(0);

      const prefix = `pkg-${mode}`;
      const year = 2040 + index;
      const token = await issuer.token("alice");
      const output = await succeed(process.execPath, ["run.mjs", `./out-${mode}/app.js`, api.baseUrl, API_KEY, prefix, String(year)], appDir, {
        EVENTS_TOKEN: token,
      });
      const result = JSON.parse(output) as Record<string, unknown>;

      expect(result.created).toEqual({ eventId: `${prefix}-1`, version: 1, status: "published" });
      expect(result.updated).toEqual({ capacity: 60, version: 2 });
      expect(result.conflict).toMatchObject({ code: "PRECONDITION_FAILED" });
      expect(result.pages).toEqual([
        [`${prefix}-1`, `${prefix}-2`],
        [`${prefix}-3`, `${prefix}-4`],
        [`${prefix}-5`],
      ]);
      expect(result.duplicate).toMatchObject({ code: "CONFLICT" });
      expect(result.invalid).toMatchObject({ code: "BAD_REQUEST", fields: ["capacity"] });
      expect(result.unauthorized).toMatchObject({ code: "UNAUTHORIZED" });
      expect(result.missing).toEqual({ code: "NOT_FOUND", detail: "Event not found", fields: [] });
      expect(result.registrations).toEqual({ ada: "registered", bob: ["waitlisted", 1], after: ["bob:registered"] });
      expect(result.me).toEqual({ kind: "person", userId: "alice", name: "Alice A", email: "alice@example.test" });
      expect(result.forbidden).toMatchObject({ code: "FORBIDDEN" });
    });

    it(`refuses a misspelled field and a wrong argument type under ${mode}`, { timeout: 120_000 }, async () => {
      const compiled = await compile(mode, ["src/typo.ts", "src/wrong-type.ts"], `${mode}-mistakes`);
      expect(compiled.code).not.toBe(0);
      const errors = compiled.output.split("\n").filter((line) => / - error TS\d+: /.test(line));
      if (errors.length !== 2) console.log(compiled.output);
      expect(errors).toEqual([
        expect.stringMatching(/^src\/typo\.ts:5:3 - error TS2561: .*'titel' does not exist in type .*Did you mean to write 'title'\?/),
        expect.stringMatching(/^src\/wrong-type\.ts:4:67 - error TS2322: Type 'string' is not assignable to type 'number'\./),
      ]);
      expect(compiled.output).toContain("The expected type comes from property 'capacity'");
    });
  }
});

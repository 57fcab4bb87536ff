/**
 * `pnpm start` as the tests that kill or restart it need it: the local server
 * in a child process of its own (no pnpm in between, so a kill hits it) on a
 * data folder, its output kept, and its start-up line awaited; and its paged
 * lists read to their end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../../..");
const STARTUP_LINE = /Events API on (http:\/\/\S+)/;

/** A new data folder for the file's servers, removed after its tests. */
export function dataFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it has written so far. */
  output: { stdout: string; stderr: string };
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Spawns the local server on `dataDir` (any free port, errors only in its log), with `env` on top; does not wait. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): ServerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/api/src/local-server.ts"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", EVENTS_DATA_DIR: dataDir, LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout!.on("data", (chunk: Buffer) => (output.stdout += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output, exited };
}

/** Spawns the local server and waits for its start-up line; rejects, with its output, if it exits or stays silent instead. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess & { baseUrl: string }> {
  const server = spawnServer(dataDir, env);
  const said = () => `stdout:\n${server.output.stdout}\nstderr:\n${server.output.stderr}`;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.child.kill("SIGKILL");
      reject(new Error(`no start-up line in 30 s:\n${said()}`));
    }, 30_000);
    server.child.stdout!.on("data", () => {
      const url = STARTUP_LINE.exec(server.output.stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    void server.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited:\n${said()}`));
    });
  });
  return { ...server, baseUrl };
}

/** Every page of a JSON list, following `Link: rel="next"`. */
export async function allPages<T>(baseUrl: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let url: string | undefined = `${baseUrl}${path}`;
  while (url) {
    const response: Response = await fetch(url);
    expect(response.status).toBe(200);
    items.push(...((await response.json()) as T[]));
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    url = link ? new URL(link, baseUrl).href : undefined;
  }
  return items;
}

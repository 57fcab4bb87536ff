/**
 * kill -9 in the middle of a write burst: every write the server
 * acknowledged (201) is there after a restart on the same data folder.
 * @module-tag embedded-store
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { newEvent } from "./harness.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const dataDir = mkdtempSync(join(tmpdir(), "events-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The local server in a child process of its own (no pnpm in between, so the kill hits it). */
async function startServer(): Promise<{ child: ChildProcess; baseUrl: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/api/src/local-server.ts"], {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", EVENTS_DATA_DIR: dataDir, LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup line:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /Events API on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => reject(new Error(`server exited:\n${output}`)));
  });
  return { child, baseUrl, exited };
}

describe("crash safety", () => {
  it("keeps every acknowledged write through a kill -9 during a 16-writer burst", async () => {
    const server = await startServer();
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;

    const writer = async () => {
      while (!killed) {
        const id = `burst-${next++}`;
        try {
          const response = await fetch(`${server.baseUrl}/events`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(newEvent({ eventId: id })),
          });
          if (response.status === 201) acknowledged.push(id);
          else if (!killed) throw new Error(`unexpected ${response.status}`);
        } catch (error) {
          if (!killed) throw error;
        }
        if (acknowledged.length >= 300 && !killed) {
          killed = true;
          server.child.kill("SIGKILL"); // writes are still in flight
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    await server.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const restarted = await startServer();
    try {
      const stored = new Set<string>();
      let url: string | undefined = `${restarted.baseUrl}/events?limit=1000`;
      while (url) {
        const response: Response = await fetch(url);
        for (const event of (await response.json()) as { eventId: string }[]) stored.add(event.eventId);
        const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
        url = link ? new URL(link, restarted.baseUrl).href : undefined;
      }
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  }, 60_000);
});

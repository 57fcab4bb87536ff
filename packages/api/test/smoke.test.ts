/**
 * Starts `pnpm start` the way a user does, runs the original README's curl
 * examples against it, and checks that data survives a restart and a kill -9.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { startStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, SERVICE } from "@events/core";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../../..");
const dataDir = mkdtempSync(join(tmpdir(), "events-smoke-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * The environment `pnpm start` gets. On Node 22 and newer (the supported
 * versions) nothing silences the SDK's Node-version notice, so the one-line
 * start-up below also proves that no deprecation warning is printed there.
 */
function startEnvironment(): NodeJS.ProcessEnv {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: silenced, ...rest } = process.env;
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 22 ? rest : { ...rest, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: silenced };
}

/** `pnpm start` in its own process group, on a free port; resolves at the startup line. */
async function pnpmStart(env: Record<string, string> = {}): Promise<Running> {
  // Under `pnpm test`, npm_execpath is the pnpm that runs us; else use pnpm from PATH.
  const execPath = process.env.npm_execpath;
  const [command, args] =
    execPath && /pnpm/.test(execPath) ? [process.execPath, [execPath, "start"]] : ["pnpm", ["start"]];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...startEnvironment(), PORT: "0", EVENTS_DATA_DIR: dataDir, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup line in 30 s:\n${output}`)), 30_000);
    const check = () => {
      const url = /Events API on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() => reject(new Error(`pnpm start exited:\n${output}`)));
  });
  return { child, baseUrl, output: () => output, exited };
}

/** Signals the whole process group (pnpm, tsx and the server). */
function signal(running: Running, name: NodeJS.Signals) {
  process.kill(-running.child.pid!, name);
}

async function curl(...args: string[]) {
  const { stdout } = await run("curl", ["-s", "-w", "\n%{http_code}", ...args]);
  const lines = stdout.split("\n");
  const status = Number(lines.pop());
  const text = lines.join("\n");
  return { status, body: text ? JSON.parse(text) : undefined };
}

describe("pnpm start", () => {
  it("serves the original README's curl examples, stops cleanly, and keeps its data", { tags: ["embedded-store"], timeout: 120_000 }, async () => {
    const server = await pnpmStart();
    const base = server.baseUrl;
    // One line of our own (pnpm echoes the script first, as "> ...").
    const ownLines = server.output().split("\n").filter((line) => line.trim() && !line.startsWith(">"));
    expect(ownLines).toHaveLength(1);

    // Create an event
    const created = await curl("-X", "POST", `${base}/events`, "-H", "Content-Type: application/json", "-d",
      `{
    "title": "Workshop 2024",
    "description": "Hands-on coding workshop",
    "date": "2024-12-20",
    "location": "Online",
    "capacity": 100,
    "organizer": "Dev Community",
    "status": "published"
  }`);
    expect(created.status).toBe(201);
    const eventId: string = created.body.eventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

    // Create with a custom id (the README's model)
    const custom = await curl("-X", "POST", `${base}/events`, "-H", "Content-Type: application/json", "-d",
      JSON.stringify({ eventId: "optional-custom-id", title: "Tech Conference 2024", description: "Annual technology conference",
        date: "2024-12-15", location: "San Francisco, CA", capacity: 500, organizer: "Tech Corp", status: "published" }));
    expect(custom.status).toBe(201);

    // Get all events
    const all = await curl(`${base}/events`);
    expect(all.status).toBe(200);
    expect(all.body.map((e: { eventId: string }) => e.eventId)).toEqual(["optional-custom-id", eventId]);

    // Get events by status
    const published = await curl(`${base}/events?status=published`);
    expect(published.status).toBe(200);
    expect(published.body).toHaveLength(2);
    expect((await curl(`${base}/events?status=active`)).body).toEqual([]);

    // Get event by id
    const one = await curl(`${base}/events/${eventId}`);
    expect(one.body).toMatchObject({ eventId, title: "Workshop 2024", capacity: 100 });

    // Update an event
    const updated = await curl("-X", "PUT", `${base}/events/${eventId}`, "-H", "Content-Type: application/json", "-d",
      '{"capacity": 150}');
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ capacity: 150, title: "Workshop 2024", status: "published" });

    // Delete an event
    const deleted = await curl("-X", "DELETE", `${base}/events/optional-custom-id`);
    expect(deleted).toEqual({ status: 204, body: undefined });

    // Clean stop on SIGTERM
    signal(server, "SIGTERM");
    await server.exited;
    expect(server.output()).toContain("SIGTERM: shutting down");

    // Restart: the data is still there.
    const again = await pnpmStart();
    try {
      const afterRestart = await curl(`${again.baseUrl}/events/${eventId}`);
      expect(afterRestart.body).toMatchObject({ eventId, capacity: 150, version: 2 });
      expect((await curl(`${again.baseUrl}/events/optional-custom-id`)).status).toBe(404);

      // Acknowledged writes survive kill -9.
      const ids = Array.from({ length: 25 }, (_, i) => `durable-${i}`);
      for (const id of ids) {
        const response = await fetch(`${again.baseUrl}/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ eventId: id, title: "T", description: "D", date: "2025-01-01", location: "L", capacity: 1, organizer: "O" }),
        });
        expect(response.status).toBe(201);
      }
    } finally {
      signal(again, "SIGKILL");
      await again.exited;
    }

    const afterKill = await pnpmStart();
    try {
      const { body } = await curl(`${afterKill.baseUrl}/events?limit=1000`);
      const stored = new Set(body.map((e: { eventId: string }) => e.eventId));
      for (let i = 0; i < 25; i++) expect(stored.has(`durable-${i}`)).toBe(true);
      expect(stored.has(eventId)).toBe(true);
    } finally {
      signal(afterKill, "SIGTERM");
      await afterKill.exited;
    }
  });

  it("uses the store at AWS_ENDPOINT_URL_DYNAMODB, creating the named table there", async () => {
    const external = await startStore();
    const unusedDataDir = join(dataDir, "not-used");
    const server = await pnpmStart({
      AWS_ENDPOINT_URL_DYNAMODB: external.endpoint,
      DYNAMODB_TABLE_NAME: "CustomEvents",
      EVENTS_DATA_DIR: unusedDataDir,
    });
    const client = createDynamoClient({ endpoint: external.endpoint });
    try {
      expect(server.output()).toContain(`DynamoDB at ${external.endpoint}, table CustomEvents`);
      const created = await curl("-X", "POST", `${server.baseUrl}/events`, "-H", "Content-Type: application/json", "-d",
        JSON.stringify({ eventId: "external-1", title: "T", description: "D", date: "2025-01-01", location: "L", capacity: 1, organizer: "O" }));
      expect(created.status).toBe(201);

      // Read it back straight from the external store's table.
      const stored = await createServices({ client, tableName: "CustomEvents" }).events.get("external-1", SERVICE);
      expect(stored).toMatchObject({ eventId: "external-1", status: "draft" });
      expect(existsSync(unusedDataDir)).toBe(false);
    } finally {
      signal(server, "SIGTERM");
      await server.exited;
      client.destroy();
      await external.close();
    }
  }, 60_000);
});

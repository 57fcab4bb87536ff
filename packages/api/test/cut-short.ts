/**
 * The crash tests' process: a fixture script (packages/api/test/fixtures/*-cut-short.ts) run in a process of its
 * own, which prints `stopped` where it waits to be killed, and is then killed with SIGKILL (kill -9) there.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../../..");

/** Runs `fixtures/<script>` with `args` until it prints `stopped`, then kills it with SIGKILL and waits for its end. */
export async function runUntilStoppedThenKill(script: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", `packages/api/test/fixtures/${script}`, ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("stopped")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => reject(new Error(`${script} ended before it was killed:\n${output}`)));
  });
  child.kill("SIGKILL");
  await exited;
}

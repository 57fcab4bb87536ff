/**
 * The benchmark scripts' child processes: a TypeScript script run with tsx
 * that prints its URL (the store's endpoint, or the server's startup line).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
export const QUIET_ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", LOG_LEVEL: "error", NODE_ENV: "production" };

export interface Started {
  child: ChildProcess;
  /** The first http:// URL it printed, on 127.0.0.1. */
  url: string;
}

/** Starts `script` (relative to the repository) and resolves once it has printed a URL. */
export function startProcess(
  script: string,
  options: { args?: string[]; env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<Started> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", script, ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...QUIET_ENV, ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const url = /(http:\/\/[^\s)]+)/.exec(output)?.[1];
      if (url) resolve({ child, url: url.replace("localhost", "127.0.0.1") });
    });
    child.once("exit", () => reject(new Error(`${script} exited:\n${output}`)));
  });
}

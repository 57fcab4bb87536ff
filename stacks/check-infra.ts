/**
 * `pnpm check:infra`: type-checks sst.config.ts and stacks/ against SST's
 * component types, offline (no AWS account, no deploy), on a fresh clone.
 *
 * 1. `sst install` generates .sst/platform (SST's components and their types)
 *    and installs the pinned providers. It runs with `bun` from npm (a root
 *    devDependency; its postinstall is allowed in pnpm-workspace.yaml), and
 *    SST_SKIP_DEPENDENCY_CHECK=1 stops the CLI from downloading Pulumi and
 *    bun from GitHub: type-checking needs neither.
 * 2. `tsc -p stacks/tsconfig.json`.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
/** A root devDependency's folder (sst's `exports` hide its package.json from require.resolve). */
const packageDir = (name: string) => join(root, "node_modules", name);

function run(step: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`check:infra: ${step} failed after ${seconds} s${result.error ? ` (${result.error.message})` : ""}`);
    process.exit(result.status ?? 1);
  }
  console.log(`check:infra: ${step} ok (${seconds} s)`);
}

// The npm package's postinstall puts the platform's binary at bin/bun.exe (on every platform).
const bun = join(packageDir("bun"), "bin", "bun.exe");
const probe = spawnSync(bun, ["--version"], { encoding: "utf8" });
if (probe.status !== 0) {
  console.error(
    `check:infra: ${bun} does not run. Its postinstall must run: pnpm-workspace.yaml lists bun in onlyBuiltDependencies; run \`pnpm install\` (or \`pnpm rebuild bun\`).`,
  );
  process.exit(1);
}

run("sst install", process.execPath, [join(packageDir("sst"), "bin", "sst.mjs"), "install"], {
  ...process.env,
  SST_BUN_PATH: bun,
  SST_SKIP_DEPENDENCY_CHECK: "1",
  SST_TELEMETRY_DISABLED: "1",
  // `sst install` asks for a stage; it only selects the providers, nothing is deployed.
  SST_STAGE: process.env.SST_STAGE || "check",
});

run("tsc -p stacks/tsconfig.json", process.execPath, [
  join(packageDir("typescript"), "bin", "tsc"),
  "-p",
  join(root, "stacks", "tsconfig.json"),
]);

/**
 * Evaluates sst.config.ts's run() (and so every stack) afresh, with fake SST
 * globals (fake-sst.ts), under a given deploy-time environment: what SST
 * would be handed, and the outputs it would print.
 */
import { vi } from "vitest";
import { installFakeSst, type FakeSst } from "./fake-sst.js";

/** Every deploy-time variable the stacks read: each test sets them all, unset ones as blank. */
const DEPLOY_VARIABLES = [
  "AUTH_ISSUER",
  "AUTH_AUDIENCE",
  "AUTH_USER_ID_CLAIM",
  "AUTH_CALLBACK_URLS",
  "AUTH_LOGOUT_URLS",
  "AUTH_DOMAIN_PREFIX",
  "CORS_ORIGINS",
  "WEB_APP",
  "WEB_DOMAIN",
  "WEB_CLIENT_ID",
  "WEB_AUTH_SCOPE",
  "RESERVED_CONCURRENCY",
] as const;

export type Deployed = FakeSst & { outputs: Record<string, unknown> };

/** A deployer: `deploy(stage, env)`, and `cleanUp()` for afterEach (removes the globals and the stubbed variables). */
export function deployer() {
  let uninstall: (() => void) | undefined;

  function cleanUp() {
    uninstall?.();
    uninstall = undefined;
    vi.unstubAllEnvs();
  }

  async function deploy(stage: string, env: Record<string, string> = {}): Promise<Deployed> {
    cleanUp();
    for (const name of DEPLOY_VARIABLES) vi.stubEnv(name, env[name] ?? "");
    const fake = installFakeSst(stage);
    uninstall = fake.uninstall;
    vi.resetModules();
    // A path tsc does not follow: the stacks are type-checked by `pnpm check:infra`, against SST's globals.
    const config = "../../sst.config.js";
    const app = ((await import(/* @vite-ignore */ config)) as { default: { run(): Promise<Record<string, unknown>> } }).default;
    const outputs = Object.fromEntries(Object.entries(await app.run()).map(([k, v]) => [k, fake.sst.value(v)]));
    return { ...fake.sst, outputs };
  }

  return { deploy, cleanUp };
}

/** The evaluated values of a component's `environment` argument. */
export function environmentOf(sst: FakeSst, type: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(sst.args(type).environment as Record<string, unknown>).map(([k, v]) => [k, sst.value(v)]),
  );
}

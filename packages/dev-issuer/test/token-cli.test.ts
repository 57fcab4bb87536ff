/**
 * `pnpm token <userId>` prints a person's access token from a running issuer
 * (AUTH_ISSUER, AUTH_AUDIENCE), and says what to do when none answers.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIssuer, type DevIssuer } from "../src/index.js";
import { verifyAccessToken } from "./helpers.js";

const AUDIENCE = "http://localhost:8123";
const CLI = resolve(import.meta.dirname, "../src/token-cli.ts");
let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ audience: AUDIENCE });
});
afterAll(() => issuer?.close());

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("pnpm token", () => {
  it("prints the person's access token, and only that", async () => {
    const { code, stdout } = await runCli(["grace", "--email", "grace@example.org"], { AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: AUDIENCE });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload } = await verifyAccessToken(issuer.issuer, AUDIENCE, stdout.trim());
    expect(payload).toMatchObject({ sub: "grace", email: "grace@example.org" });
  });

  it("without a user id shows its usage; with no issuer answering says how to start one", async () => {
    expect(await runCli([], { AUTH_ISSUER: issuer.issuer })).toMatchObject({ code: 2, stdout: "", stderr: expect.stringMatching(/usage: pnpm token/) });
    const down = await runCli(["grace"], { AUTH_ISSUER: "http://127.0.0.1:9" });
    expect(down).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/pnpm start:issuer/) });
  });
});

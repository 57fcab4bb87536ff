/**
 * The configuration of who may call (runtime/config.ts): the modes, and what a
 * deployed function refuses to start with. No message ever holds a key.
 */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { describeMode, readConfig } from "../src/runtime/config.js";
import { configRefusal } from "./config-refusal.js";

const deployed = { deployed: true };
/** What a deployed function is always given: its table, and the webhook secrets' key (stacks/). */
const DEPLOYED_ENV = { DYNAMODB_TABLE_NAME: "Events", WEBHOOK_KMS_KEY_ID: "1234abcd-12ab-34cd-56ef-1234567890ab" };
const LONG = "a-service-key-of-forty-characters-012345";
const SHORT = "short-key-1234";

const refusal = (env: NodeJS.ProcessEnv, options = {}) => configRefusal(() => readConfig(env, options));

describe("modes", () => {
  it("open with neither an issuer nor a key; secured with either", () => {
    expect(readConfig({}).mode).toBe("open");
    expect(readConfig({ API_KEY: "k" }).mode).toBe("secured");
    expect(readConfig({ API_KEY: " , " }).mode).toBe("open");
    const withIssuer = readConfig({ AUTH_ISSUER: "https://id.example", AUTH_AUDIENCE: "https://api.example" });
    expect(withIssuer.mode).toBe("secured");
    expect(withIssuer.auth).toEqual({ issuer: "https://id.example", audience: "https://api.example", userIdClaim: "sub" });
    expect(readConfig({ AUTH_ISSUER: "https://id.example", AUTH_AUDIENCE: "x", AUTH_USER_ID_CLAIM: "username" }).auth?.userIdClaim).toBe("username");
  });

  it("the start-up line says which mode, with the issuer and the number of keys, never a key", () => {
    expect(describeMode(readConfig({}))).toMatch(/^open mode/);
    const line = describeMode(readConfig({ API_KEY: `${LONG},${LONG}x`, AUTH_ISSUER: "https://id.example", AUTH_AUDIENCE: "https://api.example" }));
    expect(line).toMatch(/^secured mode: access tokens from https:\/\/id\.example .*2 service keys$/);
    expect(line).not.toContain(LONG);
  });
});

describe("refusals", () => {
  it("an issuer without an audience, or an audience without an issuer", () => {
    expect(refusal({ AUTH_ISSUER: "https://id.example" }).message).toMatch(/AUTH_ISSUER is set without AUTH_AUDIENCE/);
    expect(refusal({ AUTH_AUDIENCE: "https://api.example" }).message).toMatch(/AUTH_AUDIENCE is set without AUTH_ISSUER/);
  });

  it("deployed in open mode: refuses to start, saying why", () => {
    expect(refusal(DEPLOYED_ENV, deployed).message).toMatch(/open mode.*AUTH_ISSUER.*API_KEY/s);
  });

  it("deployed with a service key under 32 characters: refused, naming the rule and not the key", () => {
    const error = refusal({ ...DEPLOYED_ENV, API_KEY: `${LONG},${SHORT}` }, deployed);
    expect(error.message).toMatch(/at least 32 characters/);
    expect(error.message).not.toContain(SHORT);
    expect(error.message).not.toContain(LONG);
  });

  it("deployed with long keys, or an issuer alone, starts; locally a short key is fine", () => {
    expect(readConfig({ ...DEPLOYED_ENV, API_KEY: LONG }, deployed).mode).toBe("secured");
    expect(readConfig({ ...DEPLOYED_ENV, AUTH_ISSUER: "https://id.example", AUTH_AUDIENCE: "a" }, deployed).mode).toBe("secured");
    expect(readConfig({ API_KEY: SHORT }).mode).toBe("secured");
  });
});

describe("the Lambda entry in open mode", () => {
  it("refuses to start, its log line saying why", { timeout: 60_000 }, async () => {
    const lambda = pathToFileURL(fileURLToPath(new URL("../src/lambda.ts", import.meta.url))).href;
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", DYNAMODB_TABLE_NAME: "Events", AWS_REGION: "us-east-1" };
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(lambda)})`],
        { cwd: fileURLToPath(new URL("../../../", import.meta.url)), env, timeout: 30_000 },
        (error, out, err) => resolve({ code: error ? 1 : 0, stdout: out, stderr: err }),
      ),
    );
    expect(code).not.toBe(0);
    const line = `${stdout}${stderr}`.split("\n").find((l) => l.includes('"msg":"refusing to start"'));
    expect(line, stderr).toBeDefined();
    expect(JSON.parse(line!).detail).toMatch(/open mode/);
  });
});

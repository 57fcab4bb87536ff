/**
 * Node 20 stays supported for development (README, "Node.js versions"): the
 * AWS SDK's releases from January 2027 on need Node 22, so the SDK is held to
 * versions that run on the root's `engines` floor. Every package.json names
 * the SDK at an exact version (no range an install or `pnpm update` could
 * float past), and every SDK package the lockfile installs, direct or not,
 * declares a Node range that floor satisfies.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, Record<string, string> | undefined>;

const manifests = [
  "package.json",
  ...["packages", "examples"].flatMap((dir) => readdirSync(join(ROOT, dir)).map((name) => join(dir, name, "package.json"))),
].filter((path) => existsSync(join(ROOT, path)));

/** The SDK's own packages and the ones it is built from. */
const SDK = /^@(aws-sdk|smithy|aws-crypto)\//;

/** `>=20.11` → [20, 11, 0]; undefined for any other form (then the test says so). */
function lowerBound(range: string): number[] | undefined {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : undefined;
}
const atMost = (a: number[], b: number[]) => a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! <= b[2]!)));

describe("Node 20 for development: the AWS SDK is held to versions that support it", () => {
  const floor = lowerBound(readJson(join(ROOT, "package.json")).engines!.node!);

  it("the root's engines start at Node 20", () => {
    expect(floor?.[0]).toBe(20);
  });

  it("every package.json names the SDK at an exact version", () => {
    const named = manifests.flatMap((path) => {
      const manifest = readJson(join(ROOT, path));
      return ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((kind) =>
        Object.entries(manifest[kind] ?? {})
          .filter(([name]) => SDK.test(name))
          .map(([name, version]) => ({ path, name, version })),
      );
    });
    expect(named.map((n) => n.name)).toEqual(expect.arrayContaining(["@aws-sdk/client-dynamodb", "@aws-sdk/client-kms", "@aws-sdk/client-sqs"]));
    for (const { path, name, version } of named) expect(version, `${path}: ${name}`).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("every SDK package in the lockfile runs on that floor (its engines.node)", () => {
    const lockfile = readFileSync(join(ROOT, "pnpm-lock.yaml"), "utf8");
    const packages = lockfile.slice(lockfile.indexOf("\npackages:\n"), lockfile.indexOf("\nsnapshots:\n"));
    const entries = [...packages.matchAll(/^ {2}'?(@[^@']+)@([^':(]+)'?:\n((?: {4}.*\n)*)/gm)].filter(([, name]) => SDK.test(name!));
    expect(entries.length).toBeGreaterThan(20);
    let checked = 0;
    for (const [, name, version, body] of entries) {
      const engines = /engines: \{node: '([^']+)'\}/.exec(body!)?.[1];
      if (engines === undefined) continue;
      const bound = lowerBound(engines);
      expect(bound, `${name}@${version}: engines ${engines}`).toBeDefined();
      expect(atMost(bound!, floor!), `${name}@${version} needs Node ${engines}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

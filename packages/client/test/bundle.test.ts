/**
 * The client carries no server code: bundled for a browser with esbuild, it
 * holds only its own module and @trpc/client (+ the parts of @trpc/server that
 * @trpc/client imports). The router, zod, ElectroDB, the AWS SDK, Hono… stay on the server.
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("the client bundle", () => {
  it("pulls in no server code", async () => {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: repoRoot,
      bundle: true,
      write: false,
      metafile: true,
      minify: true,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    const packages = new Set(
      inputs.map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)?.[1] ?? "(own code)"),
    );
    expect([...packages].sort()).toEqual(["(own code)", "@trpc/client", "@trpc/server"]);
    expect(inputs.filter((input) => !input.includes("node_modules/"))).toEqual(["packages/client/src/index.ts"]);
    expect(inputs.some((input) => /packages\/(api|core|local-store)\//.test(input))).toBe(false);

    const contents = result.outputFiles[0]!.contents;
    expect(contents.byteLength).toBeLessThan(60_000);
    // The README states the gzipped size (8.1 kB when written); this keeps it small.
    expect(gzipSync(contents).byteLength).toBeLessThan(12_000);
  });
});

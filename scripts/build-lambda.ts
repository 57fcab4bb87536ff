/**
 * `pnpm build`: the Lambda bundle, built the way SST's Function builds it
 * (scripts/lambda-build-options.ts), plus the docs page's files beside it.
 * Output: dist/lambda/ (handler `index.handler`).
 */
import { build } from "esbuild";
import { LAMBDA_BUILD_OPTIONS } from "./lambda-build-options.js";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { DOCS_ASSETS } from "@events/api/docs-assets";

const root = resolve(import.meta.dirname, "..");
const outdir = join(root, "dist/lambda");

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  ...LAMBDA_BUILD_OPTIONS,
  entryPoints: [join(root, "packages/api/src/lambda.ts")],
  outfile: join(outdir, "index.mjs"),
  minify: !process.env.NO_MINIFY,
  metafile: true,
});

// The docs page's scripts and styles, where http/docs.ts looks for them in the bundle.
const swaggerUi = dirname(createRequire(join(root, "packages/api/package.json")).resolve("swagger-ui-dist/package.json"));
mkdirSync(join(outdir, "swagger-ui"), { recursive: true });
for (const name of Object.keys(DOCS_ASSETS)) copyFileSync(join(swaggerUi, name), join(outdir, "swagger-ui", name));

if (process.env.BUNDLE_REPORT) {
  const byPackage = new Map<string, number>();
  for (const [file, info] of Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs)) {
    const name = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split("/").slice(0, 2).join("/");
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  for (const [name, size] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB  ${name}`);
  }
}

const bytes = statSync(join(outdir, "index.mjs")).size;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`dist/lambda/index.mjs: ${(bytes / 1024).toFixed(1)} KiB from ${inputs} modules (+ swagger-ui/ docs assets)`);

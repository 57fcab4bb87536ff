/**
 * `pnpm build`: the Lambda bundle, built the way SST's Function builds it
 * (scripts/lambda-build-options.ts), plus the docs page's files beside it.
 * Output: dist/lambda/ (handler `index.handler`; `index.mjs` is what a cold start loads, chunks/ what it
 * imports on first use).
 */
import { build } from "esbuild";
import { LAMBDA_BUILD_OPTIONS, loadedAtStart, splitOutput } from "./lambda-build-options.js";
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { DOCS_ASSETS } from "@events/api/docs-assets";

const root = resolve(import.meta.dirname, "..");
const outdir = join(root, "dist/lambda");

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  ...LAMBDA_BUILD_OPTIONS,
  entryPoints: [join(root, "packages/api/src/lambda.ts")],
  ...splitOutput(outdir),
  absWorkingDir: root, // metafile paths relative to the repository, whatever the caller's directory
  minify: !process.env.NO_MINIFY,
  metafile: true,
});

// The docs page's scripts and styles, where http/docs.ts looks for them in the bundle.
const swaggerUi = dirname(createRequire(join(root, "packages/api/package.json")).resolve("swagger-ui-dist/package.json"));
mkdirSync(join(outdir, "swagger-ui"), { recursive: true });
for (const name of Object.keys(DOCS_ASSETS)) copyFileSync(join(swaggerUi, name), join(outdir, "swagger-ui", name));

const outputs = result.metafile.outputs;
const ENTRY = "dist/lambda/index.mjs";
const atStart = loadedAtStart(result.metafile, ENTRY);
// For `pnpm bench:cold`, which reports what a cold start loads; beside the bundle, not in it.
writeFileSync(join(root, "dist/lambda-metafile.json"), JSON.stringify(result.metafile));
const onFirstUse = Object.keys(outputs).filter((file) => !atStart.has(file));

if (process.env.BUNDLE_REPORT) {
  const byPackage = new Map<string, number>();
  for (const [file, info] of [...atStart].flatMap((output) => Object.entries(outputs[output]!.inputs))) {
    const name = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split("/").slice(0, 2).join("/");
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  for (const [name, size] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB  ${name}`);
  }
}

const kib = (files: Iterable<string>) =>
  `${([...files].reduce((sum, file) => sum + statSync(join(root, file)).size, 0) / 1024).toFixed(1)} KiB`;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`dist/lambda/: ${kib(Object.keys(outputs))} from ${inputs} modules (+ swagger-ui/ docs assets)`);
console.log(`  loaded at cold start: ${kib(atStart)} (index.mjs ${kib([ENTRY])} and ${atStart.size - 1} chunks it imports)`);
console.log(`  loaded on first use:  ${kib(onFirstUse)} in ${onFirstUse.length} chunks reached only by import() (the iCalendar writer, the AWS SDK credential providers besides the environment)`);

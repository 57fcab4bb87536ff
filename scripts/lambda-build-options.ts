/**
 * How a Lambda function is bundled, as SST's Function bundles it (sst's
 * pkg/runtime/node/build.go): esbuild, minified ESM for Node 24 (the runtime stacks/function.ts declares), a
 * `require` shim for CommonJS dependencies, `keepNames`, and this project's
 * plugins (stacks/lambda-esbuild-plugins.mjs, the ones stacks/function.ts
 * gives SST). `pnpm build` and `pnpm bench:cold` both bundle with these, so
 * the function and the benchmark's floors are built the same way.
 */
import type { BuildOptions, Metafile } from "esbuild";
import plugins from "../stacks/lambda-esbuild-plugins.mjs";

export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: "node",
  target: "node24",
  format: "esm",
  // One file, as SST builds: split chunks measured slower to start (docs/benchmarks.md). The iCalendar
  // writer is still import()ed, so it is evaluated only on the first feed request.
  splitting: false,
  mainFields: ["module", "main"],
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  keepNames: true,
  plugins,
  logLevel: "warning",
} satisfies BuildOptions;

/** Where one entry's bundle goes: `<outdir>/index.mjs`, and its chunks in `<outdir>/chunks/` if splitting is turned on. */
export const splitOutput = (outdir: string) =>
  ({ outdir, entryNames: "index", chunkNames: "chunks/[name]-[hash]", outExtension: { ".js": ".mjs" } }) satisfies BuildOptions;

/**
 * The output files a cold start loads (paths as the metafile gives them): the entry and the chunks it imports
 * statically, transitively. The others are reached only through import() and load on first use.
 */
export function loadedAtStart(metafile: Metafile, entry: string): Set<string> {
  const files = new Set<string>();
  for (const pending = [entry]; pending.length > 0; ) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    pending.push(...metafile.outputs[file]!.imports.filter((i) => i.kind === "import-statement" && i.path in metafile.outputs).map((i) => i.path));
  }
  return files;
}

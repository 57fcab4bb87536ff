/**
 * How a Lambda function is bundled, as SST's Function bundles it (sst's
 * pkg/runtime/node/build.go): esbuild, one minified ESM file for Node 24 (the runtime stacks/function.ts declares), a
 * `require` shim for CommonJS dependencies, `keepNames`, and this project's
 * plugins (stacks/lambda-esbuild-plugins.mjs, the ones stacks/function.ts
 * gives SST). `pnpm build` and `pnpm bench:cold` both bundle with these, so
 * the function and the benchmark's floors are built the same way.
 */
import type { BuildOptions } from "esbuild";
import plugins from "../stacks/lambda-esbuild-plugins.mjs";

export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: "node",
  target: "node24",
  format: "esm",
  mainFields: ["module", "main"],
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  keepNames: true,
  plugins,
  logLevel: "warning",
} satisfies BuildOptions;

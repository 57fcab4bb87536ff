/**
 * esbuild plugins for the Lambda bundle, used by SST's build of the function
 * (stacks/function.ts, `nodejs.plugins`) and by `pnpm build` alike.
 *
 * They leave out code the function never runs, which was over half of the
 * bundle and so of every cold start's parse time. Each left-out module is
 * replaced by one that fails loudly if it is ever called.
 */
import { dirname, join } from "node:path";

/** Packages replaced by a stub, and why the function never calls them. */
const NOT_SHIPPED = [
  {
    module: /^co-body$/,
    why: "trpc-to-openapi reads bodies with co-body (and iconv-lite, qs, mime-db) only when it is not handed a parsed one; the REST bridge always hands it one",
    exports: "export default notShipped;",
  },
  {
    module: /^yaml$/,
    why: "openapi3-ts's YAML output; the API serves its OpenAPI document as JSON",
    exports: "export const parse = notShipped, stringify = notShipped;",
  },
];

/** @type {import("esbuild").Plugin} */
const leaveOutUnused = {
  name: "leave-out-unused",
  setup(build) {
    for (const { module, why, exports } of NOT_SHIPPED) {
      build.onResolve({ filter: module }, (args) => ({ path: args.path, namespace: "not-shipped", pluginData: { why, exports } }));
    }
    build.onLoad({ filter: /.*/, namespace: "not-shipped" }, (args) => ({
      contents:
        `function notShipped() { throw new Error(${JSON.stringify(`${args.path} is not in the Lambda bundle: ${args.pluginData.why}`)}); }\n` +
        args.pluginData.exports,
    }));

    // zod registers English itself; its 40-odd other locales are reachable
    // only through z.locales, which nothing here uses.
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/zod/") ? { path: join(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

export default [leaveOutUnused];

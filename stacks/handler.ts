/**
 * The function's code and the files shipped beside it. Pure (no SST globals),
 * so stacks/test/infra.test.ts checks that these files exist.
 */
import { DOCS_ASSETS } from "@events/api/docs-assets";

/** packages/api/src/lambda.ts, export `handler`: the same app as `pnpm start`. */
export const HANDLER = "packages/api/src/lambda.handler";

/** packages/api/src/sweep.ts, export `handler`: finishes the cascades of deletes cut short (stacks/sweep.ts). */
export const SWEEP_HANDLER = "packages/api/src/sweep.handler";

/** How often it runs: a cascade cut short that no request touches waits at most this long. */
export const SWEEP_SCHEDULE = "rate(1 hour)";

/**
 * Where the bundle lands in the function package. SST 4 bundles the handler
 * (esbuild, minified ESM) to the same path in the package as in the
 * repository: packages/api/src/lambda.mjs under /var/task (sst's
 * pkg/runtime/node/build.go), and `copyFiles` destinations are relative to
 * the package root.
 */
export const BUNDLE_DIR = HANDLER.slice(0, HANDLER.lastIndexOf("/"));

/**
 * The docs page's files (Swagger UI), copied to `swagger-ui/` beside the
 * bundle: packages/api/src/http/docs.ts looks there when no node_modules is
 * around (as in dist/lambda/ from `pnpm build`). `from` is relative to the
 * repository root: pnpm links the api package's dependencies in its own
 * node_modules.
 */
export function docsAssetCopies(): { from: string; to: string }[] {
  return Object.keys(DOCS_ASSETS).map((name) => ({
    from: `packages/api/node_modules/swagger-ui-dist/${name}`,
    to: `${BUNDLE_DIR}/swagger-ui/${name}`,
  }));
}

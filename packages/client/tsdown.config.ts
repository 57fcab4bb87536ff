/**
 * The published build: ESM JavaScript and one .d.ts (rolldown-plugin-dts).
 * Dependencies stay external (nothing of @trpc is bundled); the router's type
 * is written out in full by src/router.ts, so the .d.ts needs no server package.
 */
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  dts: true,
  // The workspace's tsconfig type-checks tests too; the build needs only the source.
  tsconfig: "tsconfig.build.json",
});

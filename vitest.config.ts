import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // Each file starts its own embedded store; two cores, so two at a time.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The SDK's notice that its 2027 releases need Node 22 (CI also runs Node 22).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});

import { defineConfig } from "vitest/config";
import type { Reporter, TestModule } from "vitest/node";
import { testStoreKind } from "./packages/local-store/src/test-store.js";

/** Tests (or whole files, `// @module-tag embedded-store`) that need the embedded store's own features. */
const EMBEDDED_ONLY = {
  name: "embedded-store",
  description: "needs the embedded store's own features (a data folder, kill -9 recovery, classic-level)",
};
const onDynamoDbLocal = testStoreKind() === "dynamodb-local";

/** Ends the run with one plain line, `N passed, N failed`, for CI logs. */
const summaryLine: Reporter = {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const leftOut: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
        if (onDynamoDbLocal && state === "skipped" && test.tags.includes(EMBEDDED_ONLY.name)) {
          leftOut.push(`  ${module.relativeModuleId} > ${test.fullName}`);
        }
      }
    }
    if (leftOut.length) {
      console.log(`\nNot run on DynamoDB Local (tag ${EMBEDDED_ONLY.name}: ${EMBEDDED_ONLY.description}):\n${leftOut.join("\n")}`);
    }
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  },
};

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "stacks/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    // Each file starts its own store; two cores, so two at a time.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    tags: [EMBEDDED_ONLY],
    // EVENTS_TEST_STORE=dynamodb-local: the same suite on Amazon's DynamoDB Local, less what only the embedded store has.
    // One DynamoDB Local for the run, a database in it per store (packages/local-store/src/shared-dynamodb-local.ts).
    ...(onDynamoDbLocal
      ? { tagsFilter: [`!${EMBEDDED_ONLY.name}`], globalSetup: ["packages/local-store/src/shared-dynamodb-local.ts"] }
      : {}),
    // Silences the SDK notice, on Node 20 runs only, that its 2027 releases need Node 22.
    // LOG_LEVEL=error keeps the servers under test from logging every request.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", LOG_LEVEL: "error" },
    reporters: ["default", summaryLine],
  },
});

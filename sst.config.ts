/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Deploys the Events API: one DynamoDB table and one Lambda function behind
 * API Gateway. The resources live in stacks/, one file per concern.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "events-api",
      home: "aws",
      // Production data outlives the stack; other stages clean up after themselves.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { table } = await import("./stacks/storage");
    const { api } = await import("./stacks/api");
    return { url: api.url, table: table.name };
  },
});

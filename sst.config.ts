/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Deploys the Events API: one DynamoDB table and one Lambda function behind
 * an API Gateway HTTP API. The resources live in stacks/, one file per
 * concern: storage.ts (table, from table-args.ts), function.ts (Lambda),
 * api.ts (gateway, with http.ts: routes, CORS, throttling), auth.ts (who
 * signs people in: a Cognito user pool, or the issuer AUTH_ISSUER names),
 * sweep.ts (the scheduled function that finishes work cut short), webhooks.ts
 * and webhook-key.ts (webhook delivery: the table's stream, a sweep every minute,
 * the KMS key that encrypts signing secrets), web.ts
 * (the web app, examples/web, on S3 and CloudFront; WEB_APP=none leaves it out).
 * `pnpm check:infra` type-checks all of it offline.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "events-api",
      home: "aws",
      // The CLI must match the `sst` package the function imports (sst/resource).
      version: "4.17.1",
      // Pinned, so that `sst install` (and `pnpm check:infra`) is reproducible.
      providers: { aws: "7.20.0" },
      // Production data outlives the stack (tables are retained on removal);
      // other stages clean up after themselves.
      removal: production ? "retain" : "remove",
      // `sst remove --stage production` refuses to run.
      protect: production,
    };
  },
  async run() {
    const { table } = await import("./stacks/storage");
    const { api } = await import("./stacks/api");
    const { authEnvironment, cognito } = await import("./stacks/auth");
    await import("./stacks/sweep");
    await import("./stacks/webhooks");
    const { site } = await import("./stacks/web");
    return {
      url: api.url,
      docs: $interpolate`${api.url}/docs`,
      table: table.name,
      // What a web or mobile app needs to sign people in (OIDC: the issuer, and the client id).
      authIssuer: authEnvironment.AUTH_ISSUER,
      ...(cognito && {
        userPoolId: cognito.pool.id,
        userPoolClientId: cognito.client.id,
        hostedUi: cognito.hostedUi,
      }),
      // The web app's address: its own domain, or CloudFront's (add `<web>/callback` to AUTH_CALLBACK_URLS).
      ...(site && { web: site.url }),
    };
  },
});

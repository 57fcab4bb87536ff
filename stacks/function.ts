/**
 * The one Lambda function: the same HTTP app as `pnpm start`
 * (packages/api/src/lambda.ts), for every path API Gateway sends it.
 */
import { authEnvironment, webApp } from "./auth";
import { HANDLER, docsAssetCopies } from "./handler";
import { corsOrigins } from "./http";
import { operationsSettings } from "./operations";
import { apiKey } from "./secrets";
import { table } from "./storage";
import { webOrigin } from "./web-settings";
import { isProductionStage } from "./table-args";
import { webhookKeyAccess } from "./webhook-key";
import { attemptQueueAccess } from "./webhook-queue";

/** The webhook secrets' key: the API encrypts the secrets it makes (stacks/webhook-key.ts). */
const keyAccess = webhookKeyAccess("api");
/** The attempt queue: a retry someone asks for is made now, not at the next minute's sweep (stacks/webhook-queue.ts). */
const queueAccess = attemptQueueAccess();

/** Log retention and reserved concurrency for this stage (stacks/operations.ts); api.ts uses them too. */
export const operations = operationsSettings({
  production: isProductionStage($app.stage),
  reservedConcurrency: process.env.RESERVED_CONCURRENCY,
});

export const fn = new sst.aws.Function("ApiHandler", {
  handler: HANDLER,
  description: "Events API: REST, tRPC, /docs, /openapi.json and /health",
  // The active Node LTS on Lambda, and what `pnpm build` targets. The code needs nothing newer than Node 20.
  runtime: "nodejs24.x",
  // Graviton: 20% cheaper per GB-second than x86_64, at comparable speed for
  // this work (JSON, HTTP, crypto). The bundle is plain JavaScript, with no
  // native module to build per architecture.
  architecture: "arm64",
  // Lambda gives CPU in proportion to memory: 1024 MB is about 0.6 vCPU, which
  // keeps the cold start (loading and evaluating the bundle) and JSON work
  // short. The process itself needs well under 200 MB. Requests are billed
  // by the millisecond, so a faster configuration costs little more.
  memory: "1024 MB",
  // The app bounds every store call (2 s per attempt, 2 attempts, back-off:
  // ~5 s at worst) and answers 503 on its own; the contract promises nothing
  // hangs past 10 s. 10 s is twice that worst case and the backstop for that
  // promise, well under API Gateway's 30 s integration limit, so the gateway
  // never gives up on a request the function is still serving.
  timeout: "10 seconds",
  logging: { retention: operations.functionLogRetention },
  // A cap on copies running at once: requests piling up (a slow store) cannot scale the cost without bound.
  ...(operations.reservedConcurrency === undefined ? {} : { concurrency: { reserved: operations.reservedConcurrency } }),
  // Linking gives the function the table's name and access to it (see
  // stacks/storage.ts), and the API key's value.
  link: [table, apiKey],
  permissions: [...keyAccess.permissions, ...queueAccess.permissions],
  environment: {
    ...keyAccess.environment,
    ...queueAccess.environment,
    // Production mode for the libraries that read it. (The app never puts a
    // stack trace or an internal message in a response, whatever the mode:
    // packages/api/src/trpc/init.ts and the REST problem responses.)
    NODE_ENV: "production",
    // The same origins API Gateway's CORS allows (stacks/api.ts), the web app's own domain included.
    CORS_ORIGINS: corsOrigins(process.env.CORS_ORIGINS, webOrigin(webApp)).join(","),
    // Who signs people in (stacks/auth.ts): variables rather than links, read
    // the same way as by `pnpm start`.
    ...authEnvironment,
  },
  // As `pnpm build` bundles it (one file), with the plugins that leave out code the function never
  // runs. `plugins` is marked internal in SST's types but documented with an example.
  nodejs: { minify: true, sourcemap: false, plugins: "./stacks/lambda-esbuild-plugins.mjs" },
  // Swagger UI's files for /docs, beside the bundle (stacks/handler.ts).
  // Under `sst dev` the function runs locally, where node_modules has them too.
  copyFiles: docsAssetCopies(),
  // Reached only through API Gateway: no public function URL.
  url: false,
});

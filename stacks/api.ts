/**
 * The API: one Lambda function (the same HTTP app as `pnpm start`) behind an
 * API Gateway HTTP API. The Lambda entry and its settings are completed with
 * the serverless issue.
 */
import { table } from "./storage";

export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: { allowOrigins: ["*"], exposeHeaders: ["ETag", "Link", "Location", "X-Request-Id"] },
});

api.route("$default", {
  handler: "packages/api/src/lambda.handler",
  runtime: "nodejs22.x",
  link: [table],
  environment: { NODE_ENV: "production" },
});

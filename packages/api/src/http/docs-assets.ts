/**
 * The swagger-ui-dist files the /docs page loads, with their media types.
 * Pure data: stacks/handler.ts and scripts/build-lambda.ts ship these files beside the bundle.
 */
export const DOCS_ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/**
 * /docs: Swagger UI, served from the installed swagger-ui-dist package (no
 * CDN, so it works offline), reading /openapi.json. URLs are relative so the
 * page also works under a path prefix such as an API Gateway stage.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import { DOCS_ASSETS } from "./docs-assets.js";

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Events API reference</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayRequestDuration: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
`;


/**
 * Where the page's files are: DOCS_ASSETS_DIR, else the installed
 * swagger-ui-dist package, else `swagger-ui/` beside this file (the Lambda
 * bundle ships them there, as it has no node_modules).
 */
function defaultAssetsDir(): string {
  if (process.env.DOCS_ASSETS_DIR) return process.env.DOCS_ASSETS_DIR;
  try {
    return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  } catch {
    return fileURLToPath(new URL("./swagger-ui/", import.meta.url));
  }
}

export function mountDocs(app: Hono, assetsDir = defaultAssetsDir()) {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(join(assetsDir, name));
      file.catch(() => cache.delete(name));
      cache.set(name, file);
    }
    return file;
  };
  const longCache = { "Cache-Control": "public, max-age=86400" };

  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/init.js", (c) => c.body(INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/docs/:asset", async (c) => {
    const name = c.req.param("asset");
    const type = DOCS_ASSETS[name];
    if (!type) return c.notFound();
    const content = await load(name);
    return c.body(new Uint8Array(content), 200, { "Content-Type": type, ...longCache });
  });
}

/**
 * /docs in a real browser: Debian's Chromium, headless, driven by
 * playwright-core. The page must load under the CSP the app sends (no
 * violations, no script errors, nothing fetched from anywhere but the API),
 * list the operations (registrations and the calendar feeds too), and a "Try it out" → "Execute" of GET /events
 * must show the live response with the seeded event. It takes a screenshot
 * every time (in the temp folder); with UPDATE_DOCS_SCREENSHOT=1 it replaces
 * the README's (docs/docs-page.png).
 *
 * Without /usr/bin/chromium (or CHROMIUM_PATH) the test is skipped, unless CI is set: CI
 * installs Chromium itself (.ci/run), so there a missing browser is a failure.
 */
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM, CHROMIUM_LAUNCH, skipWithoutChromium } from "../../../test-support/index.js";
import { newEvent, startTestApi, type TestApi } from "./harness.js";

const SCREENSHOT = process.env.UPDATE_DOCS_SCREENSHOT
  ? fileURLToPath(new URL("../../../docs/docs-page.png", import.meta.url))
  : join(tmpdir(), "events-api-docs-page.png");
const skip = skipWithoutChromium("docs-browser");

type Operation = { method: string; path: string; summary: string };

/** The document's operations as Swagger UI lists them: by tag, in the document's order. */
function operationsOf(doc: { tags: { name: string }[]; paths: Record<string, Record<string, { tags: string[]; summary: string }>> }): Operation[] {
  const all = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ tag: op.tags[0], operation: { method: method.toUpperCase(), path, summary: op.summary } })),
  );
  return doc.tags.flatMap(({ name }) => all.filter(({ tag }) => tag === name).map(({ operation }) => operation));
}

const SEEDED = newEvent({
  eventId: "docs-demo-2025",
  title: "Docs Demo Meetup",
  description: "Trying the API from its reference page",
  date: "2025-03-14T18:30:00Z",
  location: "Lisbon, Portugal",
  capacity: 80,
  organizer: "Events API team",
});

describe.skipIf(skip)("GET /docs in Chromium (Swagger UI)", async () => {
  // Started only when the suite runs (the harness stops it after the file).
  const api: TestApi | undefined = skip ? undefined : await startTestApi();
  let browser: Browser | undefined;

  const problems: string[] = [];

  afterAll(async () => {
    await browser?.close();
  });

  it("lists the operations (the feeds too), and Try it out → Execute of GET /events shows the live events", { timeout: 60_000 }, async () => {
    if (!api) throw new Error("unreachable: the suite is skipped");
    // Launched in the test, so that a missing browser on CI is a failed test. launch()
    // gives it a fresh, temporary user-data-dir.
    browser = await chromium.launch(CHROMIUM_LAUNCH).catch((error: Error) => {
      throw new Error(`Could not start Chromium at ${CHROMIUM} (apt-get install chromium): ${error.message}`);
    });
    expect((await api.json("POST", "/events", SEEDED)).status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // CSP violations are reported to the page; collect them (an init script is not subject to the CSP).
    // (Browser code as text: the tests are type-checked without the DOM library.)
    await page.addInitScript({
      content: `document.addEventListener("securitypolicyviolation", (event) =>
        console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI));`,
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // Everything the page needs comes from the API itself: refuse (and report) anything else.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${api.baseUrl}/`) || url.startsWith("data:")) return route.continue();
      problems.push(`external request: ${url}`);
      return route.abort();
    });

    const response = await page.goto(`${api.baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");

    // The operations, in the document's order (events, registrations, then the feeds).
    const OPERATIONS = operationsOf((await api.json("GET", "/openapi.json")).body);
    expect(OPERATIONS.map(({ method, path }) => `${method} ${path}`)).toEqual(expect.arrayContaining(["GET /events", "GET /events.ics"]));
    const blocks = page.locator(".opblock");
    await expect.poll(() => blocks.count(), { timeout: 15_000 }).toBe(OPERATIONS.length);
    const listed = await page.locator(".opblock .opblock-summary").evaluateAll((summaries) =>
      summaries.map((summary) => ({
        method: summary.querySelector(".opblock-summary-method")?.textContent?.trim(),
        path: summary.querySelector(".opblock-summary-path")?.textContent?.replace(/\u200b/g, "").trim(),
        summary: summary.querySelector(".opblock-summary-description")?.textContent?.trim(),
      })),
    );
    expect(listed).toEqual(OPERATIONS);

    // GET /events: expand, Try it out, Execute.
    const list = page.locator("#operations-events-listEvents");
    await list.locator(".opblock-summary").click();
    await list.getByRole("button", { name: "Try it out" }).click();
    await list.getByRole("button", { name: "Execute" }).click();

    const live = list.locator(".live-responses-table .response").first();
    await live.waitFor({ timeout: 15_000 });
    await expect.poll(() => live.locator(".response-col_status").innerText()).toBe("200");
    const body = live.locator(".response-col_description .highlight-code pre").first();
    const shown = JSON.parse(await body.innerText()) as Record<string, unknown>[];
    expect(shown).toEqual([expect.objectContaining({ ...SEEDED, version: 1 })]);
    await expect.poll(() => list.locator(".request-url").innerText()).toContain(`${api.baseUrl}/events`);

    // The README's screenshot: the page down to the live response's body.
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.evaluate("window.scrollTo(0, 0)");
    const box = await body.boundingBox();
    if (!box) throw new Error("the response body is not visible");
    const bottom = box.y + box.height;
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 24 } });
    expect(existsSync(SCREENSHOT)).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });
});

/**
 * The organizer's web app in a real browser: built with Vite (as `vite build`
 * does), served by `vite preview` with its /trpc proxy to a live API over a
 * fresh store (the setup `pnpm --filter @events/example-web dev` has against
 * `pnpm start`), with an API key, and driven in Debian's Chromium through
 * playwright-core. Every assertion is on what the page shows.
 *
 * The README's screenshots (docs/web-*.png) are taken every run, into the temp
 * folder; with UPDATE_DOCS_SCREENSHOT=1 they replace the README's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { CHROMIUM, CHROMIUM_LAUNCH, skipWithoutChromium } from "../../../test-support/index.js";
import { newEvent, startTestApi, type TestApi } from "../../../packages/api/test/harness.js";

const WEB_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCREENSHOTS = process.env.UPDATE_DOCS_SCREENSHOT ? fileURLToPath(new URL("../../../docs/", import.meta.url)) : tmpdir();
const API_KEY = "web-test-key";
const skip = skipWithoutChromium("web-app");

/** Generous waits on page state: the machine is shared and has two cores. */
const WAIT = { timeout: 20_000, interval: 100 };

/** Builds the app into a temporary folder with `env` set, as `VITE_…=… vite build` would. */
async function buildApp(outDir: string, env: Record<string, string>) {
  const saved = { ...process.env };
  // vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  Object.assign(process.env, env, { NODE_ENV: "production" });
  try {
    await build({ root: WEB_ROOT, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
    process.env.NODE_ENV = saved.NODE_ENV;
  }
}

describe.skipIf(skip)("the organizer's web app in Chromium", async () => {
  const api: TestApi | undefined = skip ? undefined : await startTestApi({ apiKey: API_KEY });
  const outDir = mkdtempSync(join(tmpdir(), "events-web-"));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let appUrl: string;
  /** Uncaught errors in the page, and console errors other than the failed requests the tests cause on purpose. */
  const problems: string[] = [];
  /** The event the steps share (created in the page by the first steps). */
  let eventId: string;

  const write = (method: string, path: string, body?: unknown) => {
    if (!api) throw new Error("unreachable: the suite is skipped");
    return api.json(method, path, body, { "X-Api-Key": API_KEY });
  };

  beforeAll(async () => {
    if (!api) throw new Error("unreachable: the suite is skipped");
    await buildApp(outDir, { VITE_EVENTS_API_KEY: API_KEY });
    process.env.EVENTS_API_PROXY_TARGET = api.baseUrl;
    server = await preview({ root: WEB_ROOT, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0 } });
    delete process.env.EVENTS_API_PROXY_TARGET;
    const address = server.httpServer.address();
    if (!address || typeof address === "string") throw new Error("vite preview is not listening");
    appUrl = `http://127.0.0.1:${address.port}`;

    // Launched here, so that a missing browser on CI is a failure.
    browser = await chromium.launch(CHROMIUM_LAUNCH).catch((error: Error) => {
      throw new Error(`Could not start Chromium at ${CHROMIUM} (apt-get install chromium): ${error.message}`);
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
    });
    await page.goto(appUrl);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  /** The field's message: the one beside the input labelled `label`, in the same row. */
  const fieldError = (label: string) =>
    page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).locator(".field-error").innerText();
  const cards = () => page.locator(".events .event-card");
  const count = (name: "registered" | "capacity" | "waitlist") => page.locator(`[data-count="${name}"]`).innerText();
  const people = (list: "Registered" | "Waitlist") =>
    page.getByRole("list", { name: list }).locator("li .user").allInnerTexts();
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name) });

  it("shows the API's field errors beside their fields, then creates the event", { timeout: 60_000 }, async () => {
    await page.getByRole("button", { name: "New event" }).click();
    const form = page.getByRole("form", { name: "New event" });
    await form.getByLabel("Title", { exact: true }).fill("   ");
    await form.getByLabel("Description").fill("Talks, demos and a waitlist");
    await form.getByLabel("Date").fill("2030-01-15T18:30:00Z");
    await form.getByLabel("Location").fill("Lisbon");
    await form.getByLabel("Capacity").fill("0");
    await form.getByLabel("Organizer").fill("Events API team");
    await form.getByLabel("Status").selectOption("published");
    await form.getByLabel("Waitlist when full").check();
    await form.getByRole("button", { name: "Create event" }).click();

    await expect.poll(() => fieldError("Capacity"), WAIT).toBe("must be an integer from 1 to 100000");
    expect(await fieldError("Title")).toBe("must not be blank");
    for (const valid of ["Description", "Date", "Location", "Organizer"]) expect(await fieldError(valid)).toBe("");
    expect(await form.getByRole("alert").innerText()).toBe("Please correct the fields marked below.");
    await shot("web-field-errors.png");
    // Nothing was stored.
    expect((await write("GET", "/events")).body).toEqual([]);

    await form.getByLabel("Title", { exact: true }).fill("Launch party");
    await form.getByLabel("Capacity").fill("2");
    await form.getByRole("button", { name: "Create event" }).click();

    // The new event opens in its edit form, and the list shows it.
    const edit = page.getByRole("form", { name: "Edit event" });
    await expect.poll(() => edit.getByLabel("Title", { exact: true }).inputValue(), WAIT).toBe("Launch party");
    await expect.poll(() => cards().allInnerTexts(), WAIT).toEqual([expect.stringContaining("Launch party")]);
    const stored = (await write("GET", "/events")).body as { eventId: string; capacity: number; waitlistEnabled: boolean }[];
    expect(stored).toEqual([expect.objectContaining({ title: "Launch party", capacity: 2, waitlistEnabled: true, status: "published" })]);
    eventId = stored[0]!.eventId;
  });

  it("registers people until the waitlist starts, and a cancellation gives the place to the first in line", { timeout: 90_000 }, async () => {
    const registrations = page.getByRole("region", { name: "Registrations" });
    const register = async (userId: string) => {
      await registrations.getByLabel("User id").fill(userId);
      await registrations.getByRole("button", { name: "Register" }).click();
      // The form empties once the registration is made.
      await expect.poll(() => registrations.getByLabel("User id").inputValue(), WAIT).toBe("");
    };

    expect(await count("capacity")).toBe("2");
    await register("ada");
    await register("grace");
    await expect.poll(() => count("registered"), WAIT).toBe("2");
    expect(await count("waitlist")).toBe("0");

    await register("linus");
    await register("barbara");
    await expect.poll(() => count("waitlist"), WAIT).toBe("2");
    expect(await count("registered")).toBe("2");
    await expect.poll(() => people("Registered"), WAIT).toEqual(["ada", "grace"]);
    await expect.poll(() => people("Waitlist"), WAIT).toEqual(["linus", "barbara"]);
    expect(await page.getByRole("list", { name: "Waitlist" }).locator(".position").allInnerTexts()).toEqual(["#1", "#2"]);
    // The list's card has the counts too.
    await expect.poll(() => cards().first().innerText(), WAIT).toContain("2/2 registered · 2 waiting");
    await shot("web-registrations.png");

    await registrations.getByRole("button", { name: "Cancel grace" }).click();
    await expect.poll(() => people("Registered"), WAIT).toEqual(["ada", "linus"]);
    await expect.poll(() => people("Waitlist"), WAIT).toEqual(["barbara"]);
    expect(await count("registered")).toBe("2");
    await expect.poll(() => count("waitlist"), WAIT).toBe("1");
    expect(await page.getByRole("list", { name: "Waitlist" }).locator(".position").allInnerTexts()).toEqual(["#1"]);
  });

  it("pages the list by nextCursor as it scrolls, and filters it by status", { timeout: 90_000 }, async () => {
    // 24 more events (drafts, after the party): 25 in all, more than one page of 20.
    for (let i = 1; i <= 24; i++) {
      const created = await write("POST", "/events", newEvent({ title: `Meetup ${String(i).padStart(2, "0")}`, date: `2031-02-${String(i).padStart(2, "0")}`, status: "draft" }));
      expect(created.status).toBe(201);
    }
    await page.reload();
    await expect.poll(() => cards().count(), WAIT).toBe(20);
    await expect.poll(() => page.getByRole("button", { name: "Load more" }).isVisible(), WAIT).toBe(true);
    // The first page, then the end of the list scrolls into view: the next page loads.
    await page.mouse.move(300, 500);
    await page.mouse.wheel(0, 10_000);
    await expect.poll(() => cards().count(), WAIT).toBe(25);
    await expect.poll(() => page.locator(".sentinel").innerText(), WAIT).toBe("25 events: the end of the list.");
    const titles = await page.locator(".events .event-title").allInnerTexts();
    expect(titles).toEqual(["Launch party", ...Array.from({ length: 24 }, (_, i) => `Meetup ${String(i + 1).padStart(2, "0")}`)]);

    const filter = page.getByLabel("Filter by status");
    await filter.selectOption("published");
    await expect.poll(() => page.locator(".events .event-title").allInnerTexts(), WAIT).toEqual(["Launch party"]);
    // Back to all: the pages already read, from the cache (and read again).
    await filter.selectOption("");
    await expect.poll(() => cards().count(), WAIT).toBe(25);

    await page.mouse.wheel(0, -10_000);
    await cards().first().click();
    await expect.poll(() => people("Waitlist"), WAIT).toEqual(["barbara"]);
    await shot("web-events.png");
  });

  it("says so when the event changed behind the form's back (412), and reloads it", { timeout: 60_000 }, async () => {
    const edit = page.getByRole("form", { name: "Edit event" });
    await expect.poll(() => edit.getByLabel("Title", { exact: true }).inputValue(), WAIT).toBe("Launch party");
    await edit.getByLabel("Title", { exact: true }).fill("Launch party, moved");
    // Someone else changes the event in the meantime.
    expect((await write("PUT", `/events/${eventId}`, { location: "Porto" })).status).toBe(200);
    await edit.getByRole("button", { name: "Save" }).click();

    const notice = edit.locator(".notice.conflict");
    await expect.poll(() => notice.innerText(), WAIT).toContain("Someone changed this event since you opened it");
    await shot("web-412.png");
    // Nothing of the form was saved.
    expect((await write("GET", `/events/${eventId}`)).body).toMatchObject({ title: "Launch party", location: "Porto" });

    await notice.getByRole("button", { name: "Reload the event" }).click();
    await expect.poll(() => edit.getByLabel("Location").inputValue(), WAIT).toBe("Porto");
    expect(await edit.getByLabel("Title", { exact: true }).inputValue()).toBe("Launch party");
    expect(await notice.count()).toBe(0);

    // On the reloaded version the same edit goes through.
    await edit.getByLabel("Title", { exact: true }).fill("Launch party, moved");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => edit.getByRole("status").innerText(), WAIT).toMatch(/^Saved \(version \d+\)\.$/);
    expect((await write("GET", `/events/${eventId}`)).body).toMatchObject({ title: "Launch party, moved", location: "Porto" });
    await expect.poll(() => cards().first().innerText(), WAIT).toContain("Launch party, moved");

    expect(problems).toEqual([]);
  });
});

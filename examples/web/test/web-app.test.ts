/**
 * The web app in a real browser, signed in through OpenID Connect: the development
 * issuer (with the app's origin as a redirect URI) and the API secured against it,
 * the app built with Vite (VITE_AUTH_ISSUER …) and served by `vite preview` with its
 * /trpc proxy to that API, driven in Debian's Chromium through playwright-core.
 * People sign in on the issuer's own sign-in page, each in a browser context of their own.
 * Every assertion is on what the page shows, or on what the API serves.
 *
 * The README's screenshots (docs/web-*.png) are taken every run, into the temp
 * folder; with UPDATE_DOCS_SCREENSHOT=1 they replace the README's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { startDevIssuer, type DevIssuer } from "@events/dev-issuer";
import { CHROMIUM, CHROMIUM_LAUNCH, skipWithoutChromium } from "../../../test-support/index.js";
import { newEvent, startTestApi, type TestApi } from "../../../packages/api/test/harness.js";

const WEB_ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCREENSHOTS = process.env.UPDATE_DOCS_SCREENSHOT ? fileURLToPath(new URL("../../../docs/", import.meta.url)) : tmpdir();
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const AUDIENCE = "http://localhost:8000";
/** The test's own service key, for checking what the API stored: never in the app's bundle. */
const API_KEY = "web-test-service-key";
const skip = skipWithoutChromium("web-app");
/** Short-lived access tokens: oidc-client-ts renews a minute before expiry, so every 15 s here (a session must outlive them). */
const ACCESS_TOKEN_TTL = 75;

/**
 * Every browser reads dates in a zone behind UTC, where a calendar date read as midnight UTC
 * would show the day before, and 18:30 local is the next day in UTC.
 */
const VIEWER = { locale: "en-US", timezoneId: "America/Los_Angeles" };

/** Generous waits on page state: the machine is shared and has two cores. */
const WAIT = { timeout: 40_000, interval: 100 };

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

/** Whether a port is free to listen on now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Free ports for the app, below the kernel's ephemeral range (32768 and up), so that the outgoing
 * connections of tests running beside this one cannot take them before Vite listens. The issuer
 * must know the app's redirect URI before the app is served, so it is told of several candidates.
 */
async function candidatePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await portIsFree(port))) ports.push(port);
  }
  return ports;
}

describe.skipIf(skip)("the web app in Chromium, signed in through OpenID Connect", async () => {
  const appPorts = skip ? [] : await candidatePorts(3);
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  let appUrl = "";
  const issuer: DevIssuer | undefined = skip
    ? undefined
    : await startDevIssuer({ audience: AUDIENCE, webRedirectUris: appPorts.map((port) => `${origin(port)}/callback`), accessTokenTtlSeconds: ACCESS_TOKEN_TTL });
  const api: TestApi | undefined =
    skip || !issuer ? undefined : await startTestApi({ apiKey: API_KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });
  const outDir = mkdtempSync(join(tmpdir(), "events-web-"));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  /** Uncaught errors in the pages, and console errors other than the failed requests the tests cause on purpose. */
  const problems: string[] = [];
  /** The event the steps share (created in the page by the organizer). */
  let eventId: string;
  const pages: Record<"organizer" | "ada" | "grace" | "linus" | "visitor", Page> = {} as never;

  const asService = (method: string, path: string, body?: unknown) => {
    if (!api) throw new Error("unreachable: the suite is skipped");
    return api.json(method, path, body, { "X-Api-Key": API_KEY });
  };
  const asPerson = async (userId: string, method: string, path: string, body?: unknown) => {
    if (!api || !issuer) throw new Error("unreachable: the suite is skipped");
    return api.json(method, path, body, { Authorization: `Bearer ${await issuer.token(userId)}` });
  };

  beforeAll(async () => {
    if (!api || !issuer) throw new Error("unreachable: the suite is skipped");
    await buildApp(outDir, { VITE_AUTH_ISSUER: issuer.issuer, VITE_AUTH_AUDIENCE: AUDIENCE });
    process.env.EVENTS_API_PROXY_TARGET = api.baseUrl;
    for (const port of appPorts) {
      server = await preview({ root: WEB_ROOT, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true } }).catch(
        (error: Error) => {
          if (!/already in use/.test(error.message)) throw error;
          return undefined;
        },
      );
      if (server) {
        appUrl = origin(port);
        break;
      }
    }
    if (!server) throw new Error(`Ports ${appPorts.join(", ")} were all taken before the app could listen`);
    delete process.env.EVENTS_API_PROXY_TARGET;

    // Launched here, so that a missing browser on CI is a failure.
    browser = await chromium.launch(CHROMIUM_LAUNCH).catch((error: Error) => {
      throw new Error(`Could not start Chromium at ${CHROMIUM} (apt-get install chromium): ${error.message}`);
    });
    for (const who of ["organizer", "ada", "grace", "linus", "visitor"] as const) {
      // A context each: separate cookies and sessionStorage, as separate people's browsers.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, ...VIEWER });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT.timeout);
      page.on("pageerror", (error) => problems.push(`${who}: page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`${who}: console: ${message.text()}`);
      });
      await page.goto(appUrl);
      pages[who] = page;
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await issuer?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  /** Through the issuer's real pages: the app's Sign in, the development sign-in form, consent, back to the app. */
  async function signIn(page: Page, userId: string, name: string) {
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByLabel("User name (your userId)").fill(userId);
    await page.getByLabel("Display name (optional)").fill(name);
    await page.getByLabel("E-mail (optional)").fill(`${userId}@example.test`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Allow" }).click();
    await expect.poll(() => page.locator(".signed-in").innerText(), WAIT).toBe(`Signed in as ${name}`);
    expect(new URL(page.url()).pathname).toBe("/");
  }
  const fieldError = (page: Page, label: string) =>
    page.locator(".field", { has: page.getByLabel(label, { exact: true }) }).locator(".field-error").innerText();
  const titles = (page: Page) => page.locator(".events .event-title").allInnerTexts();
  const count = (page: Page, name: "places-left" | "registered" | "capacity" | "waitlist") => page.locator(`[data-count="${name}"]`).innerText();
  const people = (page: Page, list: "Registered" | "Waitlist") => page.getByRole("list", { name: list }).locator("li .user").allInnerTexts();
  const myPlace = (page: Page) => page.getByRole("region", { name: "My place" }).innerText();
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, name) });
  /** The list as it is now (a reload reads it again), then that event's page. */
  async function openEvent(page: Page, title: string) {
    await page.reload();
    await page.locator(".events .event-card", { hasText: title }).click();
    await expect.poll(() => page.getByRole("article", { name: "Event" }).locator("h2").innerText(), WAIT).toContain(title);
  }
  /** axe-core's serious and critical violations on the page as it is. */
  async function accessibilityViolations(page: Page) {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact?: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run()).violations;
    });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  it("a signed-out visitor reads the public list, with no serious accessibility problems", { timeout: 120_000 }, async () => {
    const page = pages.visitor;
    await expect.poll(() => page.getByRole("button", { name: "Sign in", exact: true }).isVisible(), WAIT).toBe(true);
    await expect.poll(() => page.locator(".list").innerText(), WAIT).toContain("No events.");
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("the organizer signs in, sees the API's field errors beside their fields, and creates a draft only they can see", { timeout: 180_000 }, async () => {
    const page = pages.organizer;
    await signIn(page, "olga", "Olga Organizer");
    await page.getByRole("button", { name: "New event" }).click();
    const form = page.getByRole("form", { name: "New event" });
    await form.getByLabel("Title", { exact: true }).fill("   ");
    await form.getByLabel("Description").fill("Talks, demos and a waitlist");
    await form.getByLabel("Date", { exact: true }).fill("2030-01-15T18:30");
    await form.getByLabel("Location").fill("Lisbon");
    await form.getByLabel("Capacity").fill("0");
    await form.getByLabel("Organizer").fill("Events API team");
    await form.getByLabel("Waitlist when full").check();
    await form.getByRole("button", { name: "Create event" }).click();

    await expect.poll(() => fieldError(page, "Capacity"), WAIT).toBe("must be an integer from 1 to 100000");
    expect(await fieldError(page, "Title")).toBe("must not be blank");
    for (const valid of ["Description", "Date", "Location", "Organizer"]) expect(await fieldError(page, valid)).toBe("");
    expect(await form.getByRole("alert").innerText()).toBe("Please correct the fields marked below.");
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, "web-field-errors.png");
    expect((await asService("GET", "/events")).body).toEqual([]);

    await form.getByLabel("Title", { exact: true }).fill("Launch party");
    await form.getByLabel("Capacity").fill("2");
    await form.getByRole("button", { name: "Create event" }).click();

    // The new event opens: a draft, owned by the person who created it, at the instant typed in the viewer's zone (UTC-8).
    await expect.poll(() => page.getByRole("button", { name: "Publish" }).isVisible(), WAIT).toBe(true);
    const stored = (await asService("GET", "/events")).body as { eventId: string; date: string }[];
    expect(stored).toEqual([expect.objectContaining({ title: "Launch party", capacity: 2, status: "draft", ownerId: "olga", waitlistEnabled: true })]);
    expect(Date.parse(stored[0]!.date)).toBe(Date.UTC(2030, 0, 16, 2, 30));
    eventId = stored[0]!.eventId;
    // Shown as people read dates, in the viewer's zone: never the ISO string, nor UTC's next day.
    expect(await page.getByRole("article", { name: "Event" }).locator("time").innerText()).toMatch(/^Tuesday, January 15, 2030 at 6:30\sPM$/);

    await page.getByRole("button", { name: "My events" }).click();
    await expect.poll(() => titles(page), WAIT).toEqual(["Launch party"]);
    expect(await page.locator(".events .badge").innerText()).toBe("draft");

    // Nobody else sees a draft.
    await pages.visitor.reload();
    await expect.poll(() => pages.visitor.locator(".list").innerText(), WAIT).toContain("No events.");
  });

  it("the organizer publishes the draft with two places; three people register and the third is waitlisted as #1", { timeout: 240_000 }, async () => {
    const organizer = pages.organizer;
    await organizer.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => organizer.getByRole("article", { name: "Event" }).locator(".badge").innerText(), WAIT).toBe("published");

    const attendees = [
      { who: "ada", name: "Ada Lovelace", expected: "You have a place." },
      { who: "grace", name: "Grace Hopper", expected: "You have a place." },
      { who: "linus", name: "Linus Torvalds", expected: "You are on the waitlist: #1." },
    ] as const;
    for (const { who, name, expected } of attendees) {
      const page = pages[who];
      await signIn(page, who, name);
      await openEvent(page, "Launch party");
      await page.getByRole("button", { name: "Register", exact: true }).click();
      await expect.poll(() => myPlace(page), WAIT).toContain(expected);
    }
    const linus = pages.linus;
    expect(await count(linus, "places-left")).toBe("0");
    await expect.poll(() => count(linus, "waitlist"), WAIT).toBe("1");
    expect(await accessibilityViolations(linus)).toEqual([]);
    await shot(linus, "web-events.png");

    // Their own registrations, with the place in line.
    await linus.getByRole("button", { name: "My registrations" }).click();
    await expect.poll(() => linus.getByRole("region", { name: "My registrations" }).locator(".event-card").innerText(), WAIT).toContain("waitlist #1");
    expect(await accessibilityViolations(linus)).toEqual([]);

    // The registrations stored carry the names and e-mails from the tokens.
    const roster = (await asService("GET", `/events/${eventId}/registrations`)).body as { userId: string; name?: string; email?: string }[];
    expect(roster.map(({ userId, name, email }) => ({ userId, name, email }))).toEqual([
      { userId: "ada", name: "Ada Lovelace", email: "ada@example.test" },
      { userId: "grace", name: "Grace Hopper", email: "grace@example.test" },
      { userId: "linus", name: "Linus Torvalds", email: "linus@example.test" },
    ]);
  });

  it("only the organizer sees the roster: an attendee's page has none and the API refuses them", { timeout: 120_000 }, async () => {
    const linus = pages.linus;
    await openEvent(linus, "Launch party");
    expect(await linus.getByRole("region", { name: "Registrations" }).count()).toBe(0);
    expect((await asPerson("linus", "GET", `/events/${eventId}/registrations`)).status).toBe(403);

    const organizer = pages.organizer;
    await organizer.getByRole("button", { name: "Events", exact: true }).click();
    await openEvent(organizer, "Launch party");
    await expect.poll(() => people(organizer, "Registered"), WAIT).toEqual(["ada", "grace"]);
    expect(await people(organizer, "Waitlist")).toEqual(["linus"]);
    expect(await organizer.getByRole("region", { name: "Registrations" }).innerText()).toContain("grace@example.test");
    expect(await accessibilityViolations(organizer)).toEqual([]);
    await shot(organizer, "web-registrations.png");
  });

  it("a cancellation gives the place to the first in line", { timeout: 120_000 }, async () => {
    const grace = pages.grace;
    await grace.getByRole("button", { name: "Cancel my registration" }).click();
    await expect.poll(() => grace.getByRole("button", { name: "Register", exact: true }).isVisible(), WAIT).toBe(true);

    const linus = pages.linus;
    await openEvent(linus, "Launch party");
    await expect.poll(() => myPlace(linus), WAIT).toContain("You have a place.");
    expect(await count(linus, "waitlist")).toBe("0");
  });

  it("the organizer registers someone from the roster, and cancels them", { timeout: 120_000 }, async () => {
    const organizer = pages.organizer;
    await openEvent(organizer, "Launch party");
    const roster = organizer.getByRole("region", { name: "Registrations" });
    await expect.poll(() => people(organizer, "Registered"), WAIT).toEqual(["ada", "linus"]);
    await roster.getByLabel("Register someone (user id)").fill("barbara");
    await roster.getByRole("button", { name: "Register", exact: true }).click();
    await expect.poll(() => people(organizer, "Waitlist"), WAIT).toEqual(["barbara"]);
    expect(await roster.getByRole("list", { name: "Waitlist" }).locator(".position").allInnerTexts()).toEqual(["#1"]);
    await roster.getByRole("button", { name: "Cancel barbara" }).click();
    await expect.poll(() => roster.innerText(), WAIT).toContain("Nobody waiting.");
  });

  it("the organizer reaches every registration: the roster pages by nextCursor, 100 at a time", { timeout: 120_000 }, async () => {
    // 99 more in line (through the API, which is quick): 101 in all, the last beyond the first page.
    const line = Array.from({ length: 99 }, (_, i) => `guest-${String(i + 1).padStart(2, "0")}`);
    for (const userId of line) expect((await asService("POST", `/events/${eventId}/registrations`, { userId })).status).toBe(201);
    const organizer = pages.organizer;
    await openEvent(organizer, "Launch party");
    const roster = organizer.getByRole("region", { name: "Registrations" });
    await expect.poll(() => people(organizer, "Waitlist"), WAIT).toEqual(line.slice(0, 98));
    expect(await people(organizer, "Registered")).toEqual(["ada", "linus"]);
    expect(await roster.innerText()).toContain("Showing 100 of 101.");
    await roster.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => people(organizer, "Waitlist"), WAIT).toEqual(line);
    expect((await roster.getByRole("list", { name: "Waitlist" }).locator(".position").allInnerTexts()).at(-1)).toBe("#99");
    expect(await roster.getByRole("button", { name: "Load more" }).count()).toBe(0);
    // The one beyond the first page can be cancelled like anyone else.
    await roster.getByRole("button", { name: "Cancel guest-99" }).click();
    await expect.poll(() => people(organizer, "Waitlist"), WAIT).toEqual(line.slice(0, 98));
    expect((await asService("GET", `/events/${eventId}/registrations/guest-99`)).status).toBe(404);

    // The line leaves again: the steps after this one (and their screenshots) have a short roster.
    for (const userId of line.slice(0, 98)) expect((await asService("DELETE", `/events/${eventId}/registrations/${userId}`)).status).toBe(204);
    await openEvent(organizer, "Launch party");
    await expect.poll(() => roster.innerText(), WAIT).toContain("Nobody waiting.");
  });

  it("the private calendar address serves the attendee's feed, and stops when reset or no longer shared", { timeout: 120_000 }, async () => {
    const linus = pages.linus;
    await linus.getByRole("button", { name: "My registrations" }).click();
    const calendar = linus.getByRole("region", { name: "Add to my calendar" });
    await calendar.getByRole("button", { name: "Make my calendar address" }).click();
    const address = calendar.getByLabel("Private calendar address");
    await expect.poll(() => address.inputValue(), WAIT).toMatch(/\/calendars\/[A-Za-z0-9_-]+\.ics$/);
    const first = await address.inputValue();
    expect(await calendar.getByRole("link", { name: "Open in my calendar app" }).getAttribute("href")).toBe(first.replace(/^https?:/, "webcal:"));
    // Copy puts it on the clipboard (the page may write it; the test reads it back).
    await linus.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl });
    await calendar.getByRole("button", { name: "Copy" }).click();
    await expect.poll(async () => (await calendar.getByRole("status").innerText()).trim(), WAIT).toBe("Copied.");
    expect(await linus.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(first);
    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("SUMMARY:Launch party");

    await calendar.getByRole("button", { name: "Reset the address" }).click();
    await expect.poll(() => address.inputValue(), WAIT).not.toBe(first);
    const second = await address.inputValue();
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);

    await calendar.getByRole("button", { name: "Stop sharing" }).click();
    await expect.poll(() => address.count(), WAIT).toBe(0);
    expect((await fetch(second)).status).toBe(404);
  });

  it("a session outlives one access token: it is renewed with the refresh token, and calls go on", { timeout: 120_000 }, async () => {
    const linus = pages.linus;
    // When the stored token expires (the token itself is never read out of the page).
    const expiresAt = () =>
      linus.evaluate(() => {
        // oidc-client-ts's default user store: sessionStorage, under "oidc.user:<issuer>:<client id>".
        const storage = (globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage;
        const key = Object.keys(storage).find((name) => name.startsWith("oidc.user:"));
        return key ? (JSON.parse(storage[key]!) as { expires_at?: number }).expires_at : undefined;
      });
    const first = await expiresAt();
    expect(first).toEqual(expect.any(Number));
    await expect.poll(expiresAt, { timeout: 45_000, interval: 500 }).toBeGreaterThan(first!);
    await linus.getByRole("button", { name: "Events", exact: true }).click();
    await linus.locator(".events .event-card", { hasText: "Launch party" }).click();
    await expect.poll(() => myPlace(linus), WAIT).toContain("You have a place.");

    // The tab comes back after its token expired (as after a laptop's sleep): renewed on load, still signed in.
    await linus.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage;
      const key = Object.keys(storage).find((name) => name.startsWith("oidc.user:"))!;
      storage[key] = JSON.stringify({ ...JSON.parse(storage[key]!), expires_at: Math.floor(Date.now() / 1000) - 60 });
    });
    await linus.reload();
    await expect.poll(() => linus.locator(".signed-in").innerText(), WAIT).toBe("Signed in as Linus Torvalds");
    expect(await expiresAt()).toBeGreaterThan(Date.now() / 1000);
  });

  it("says so when the event changed behind the form's back (412), and reloads it", { timeout: 120_000 }, async () => {
    const page = pages.organizer;
    const edit = page.getByRole("form", { name: "Edit event" });
    await expect.poll(() => edit.getByLabel("Title", { exact: true }).inputValue(), WAIT).toBe("Launch party");
    await edit.getByLabel("Title", { exact: true }).fill("Launch party, moved");
    // Someone else changes the event in the meantime.
    expect((await asService("PUT", `/events/${eventId}`, { location: "Porto" })).status).toBe(200);
    await edit.getByRole("button", { name: "Save" }).click();

    const notice = edit.locator(".notice.conflict");
    await expect.poll(() => notice.innerText(), WAIT).toContain("Someone changed this event since you opened it");
    await shot(page, "web-412.png");
    expect((await asService("GET", `/events/${eventId}`)).body).toMatchObject({ title: "Launch party", location: "Porto" });

    await notice.getByRole("button", { name: "Reload the event" }).click();
    await expect.poll(() => edit.getByLabel("Location").inputValue(), WAIT).toBe("Porto");
    expect(await edit.getByLabel("Title", { exact: true }).inputValue()).toBe("Launch party");
    // The date round-trips through the picker untouched.
    expect(Date.parse(((await asService("GET", `/events/${eventId}`)).body as { date: string }).date)).toBe(Date.UTC(2030, 0, 16, 2, 30));

    await edit.getByLabel("Title", { exact: true }).fill("Launch party, moved");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => edit.getByRole("status").innerText(), WAIT).toMatch(/^Saved \(version \d+\)\.$/);
    expect((await asService("GET", `/events/${eventId}`)).body).toMatchObject({ title: "Launch party, moved", location: "Porto" });

    // All day: the picker's day is sent as a calendar date, and reads as that day in the viewer's zone.
    await edit.getByLabel("All day").check();
    expect(await edit.getByLabel("Date", { exact: true }).inputValue()).toBe("2030-01-15");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => ((await asService("GET", `/events/${eventId}`)).body as { date: string }).date, WAIT).toBe("2030-01-15");
    await expect.poll(() => page.getByRole("article", { name: "Event" }).locator("time").innerText(), WAIT).toBe("Tuesday, January 15, 2030");
  });

  it("a signed-out visitor sees the published event but not another draft", { timeout: 120_000 }, async () => {
    expect((await asPerson("olga", "POST", "/events", newEvent({ title: "Secret planning", status: "draft" }))).status).toBe(201);
    const visitor = pages.visitor;
    await visitor.reload();
    await expect.poll(() => titles(visitor), WAIT).toEqual(["Launch party, moved"]);
    // The organizer's own list has both.
    const organizer = pages.organizer;
    await organizer.reload();
    await organizer.getByRole("button", { name: "My events" }).click();
    await expect.poll(() => titles(organizer), WAIT).toEqual(expect.arrayContaining(["Launch party, moved", "Secret planning"]));

    // By keyboard: Tab reaches the event (its focus visible), Enter opens it.
    const card = visitor.locator(".events .event-card", { hasText: "Launch party, moved" });
    const focused = () => card.evaluate((element) => element === element.ownerDocument.activeElement);
    for (let presses = 0; presses < 10 && !(await focused()); presses++) await visitor.keyboard.press("Tab");
    expect(await focused()).toBe(true);
    // The app's own focus ring (styles.css), not only the browser's default one.
    expect(await card.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).outlineStyle)).toBe("solid");
    await visitor.keyboard.press("Enter");
    await expect.poll(() => visitor.getByRole("article", { name: "Event" }).locator("h2").innerText(), WAIT).toContain("Launch party, moved");
    expect(await visitor.getByRole("region", { name: "My place" }).count()).toBe(0);
    expect(await accessibilityViolations(visitor)).toEqual([]);
  });

  it("shows what the API refuses as it says it: a 401 asks to sign in again, a 403 says only the organizer can", { timeout: 120_000 }, async () => {
    if (!browser || !issuer) throw new Error("unreachable: the suite is skipped");
    /**
     * A page whose stored session (oidc-client-ts's, in sessionStorage) is `session`: how the app
     * meets a token the API no longer accepts, or one that is not the person the app believes.
     */
    const pageWithSession = async (session: { accessToken: string; sub: string; name: string }) => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      const key = `oidc.user:${issuer!.issuer}:events-web`;
      const user = JSON.stringify({
        access_token: session.accessToken,
        token_type: "Bearer",
        profile: { sub: session.sub, name: session.name },
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      });
      await context.addInitScript(([name, value]) => {
        (globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage[name!] = value!;
      }, [key, user]);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT.timeout);
      await page.goto(appUrl);
      await expect.poll(() => page.locator(".signed-in").innerText(), WAIT).toBe(`Signed in as ${session.name}`);
      return page;
    };

    // A token the API refuses (here not a JWT, and no service key either): a 401, and a way back in.
    const refused = await pageWithSession({ accessToken: "no-longer-valid", sub: "ada", name: "Ada Lovelace" });
    await refused.getByRole("button", { name: "My registrations" }).click();
    const alert = refused.getByRole("region", { name: "My registrations" }).getByRole("alert");
    await expect.poll(() => alert.innerText(), WAIT).toContain("Your session has ended or you are not signed in");
    expect(await alert.getByRole("button", { name: "Sign in again" }).isVisible()).toBe(true);
    await refused.context().close();

    // Linus's real token in an app that takes him for the organizer: the roster is the API's 403.
    const impostor = await pageWithSession({ accessToken: await issuer.token("linus"), sub: "olga", name: "Not Olga" });
    await impostor.locator(".events .event-card", { hasText: "Launch party" }).click();
    const roster = impostor.getByRole("region", { name: "Registrations" });
    await expect.poll(() => roster.getByRole("alert").innerText(), WAIT).toContain("Only the organizer can see or change who registered.");
    await impostor.context().close();
  });

  it("signing out goes through the issuer and back to the app, signed out", { timeout: 120_000 }, async () => {
    const organizer = pages.organizer;
    await organizer.getByRole("button", { name: "Sign out" }).click();
    await organizer.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect.poll(() => organizer.getByRole("button", { name: "Sign in", exact: true }).isVisible(), WAIT).toBe(true);
    expect(await organizer.getByRole("button", { name: "My events" }).count()).toBe(0);
    await expect.poll(() => titles(organizer), WAIT).toEqual(["Launch party, moved"]);
  });

  it("pages the public list by nextCursor as it scrolls, and filters it by status", { timeout: 180_000 }, async () => {
    // 24 more events (after the party): 25 in all, more than one page of 20.
    for (let i = 1; i <= 24; i++) {
      const day = String(i).padStart(2, "0");
      const created = await asService("POST", "/events", newEvent({ title: `Meetup ${day}`, date: `2031-02-${day}`, status: i % 2 ? "published" : "active" }));
      expect(created.status).toBe(201);
    }
    const page = pages.visitor;
    await page.reload();
    const cards = () => page.locator(".events .event-card").count();
    await expect.poll(cards, WAIT).toBe(20);
    await expect.poll(() => page.getByRole("button", { name: "Load more" }).isVisible(), WAIT).toBe(true);
    // The end of the list scrolls into view: the next page loads.
    await page.mouse.move(300, 500);
    await page.mouse.wheel(0, 10_000);
    await expect.poll(cards, WAIT).toBe(25);
    await expect.poll(() => page.locator(".sentinel").innerText(), WAIT).toBe("25 events: the end of the list.");
    expect(await titles(page)).toEqual(["Launch party, moved", ...Array.from({ length: 24 }, (_, i) => `Meetup ${String(i + 1).padStart(2, "0")}`)]);
    // A calendar date reads as that day, wherever the viewer is (not January 31 in UTC-8).
    expect(await page.locator(".events .event-meta").nth(1).innerText()).toContain("Saturday, February 1, 2031");

    await page.getByLabel("Filter by status").selectOption("active");
    await expect.poll(cards, WAIT).toBe(12);
    await page.getByLabel("Filter by status").selectOption("");
    await expect.poll(cards, WAIT).toBe(25);

    // Linus takes a place at every meetup: 25 registrations, his list pages too, and his place at
    // the last meetup (beyond the list's first page) shows on its page.
    const meetups = (await asService("GET", "/events?limit=100")).body as { eventId: string; title: string }[];
    for (const { eventId: id } of meetups.filter((event) => event.title.startsWith("Meetup"))) {
      expect((await asPerson("linus", "POST", `/events/${id}/registrations`, {})).status).toBe(201);
    }
    const linus = pages.linus;
    await linus.reload();
    await linus.getByRole("button", { name: "My registrations" }).click();
    const mine = linus.getByRole("region", { name: "My registrations" });
    await expect.poll(() => mine.locator(".event-card").count(), WAIT).toBe(20);
    await mine.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => mine.locator(".event-card").count(), WAIT).toBe(25);
    await mine.locator(".event-card", { hasText: "Meetup 24" }).click();
    await expect.poll(() => myPlace(linus), WAIT).toContain("You have a place.");
    expect(problems).toEqual([]);
  });

  it("a page that fails to draw says so, with a way back by keyboard, never a blank screen", { timeout: 120_000 }, async () => {
    if (!browser) throw new Error("unreachable: the suite is skipped");
    // A page of its own: the failure below is on purpose, and its console error is not one of `problems`.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...VIEWER });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    expect((await asService("POST", `/events/${eventId}/registrations`, { userId: "zoe" })).body).toMatchObject({ status: "waitlisted" });
    await page.goto(appUrl);
    const card = page.locator(".events .event-card", { hasText: "Launch party, moved" });
    await expect.poll(() => card.locator(".event-meta").innerText(), WAIT).toContain("1 waiting");

    // A real way to break a React page: Google Translate (and extensions like it) wrap the page's text in
    // <font> elements behind React's back, and React then fails to remove a text node it drew (facebook/react#11538).
    await page.evaluate(() => {
      // The DOM's types, as far as used here (the test's own types have no DOM).
      type DomNode = { parentNode: DomNode; replaceChild(added: DomNode, removed: DomNode): void; appendChild(child: DomNode): void };
      type Doc = { querySelector(selector: string): DomNode; createElement(tag: string): DomNode; createTreeWalker(root: DomNode, show: number): { nextNode(): unknown; currentNode: DomNode } };
      const doc = (globalThis as unknown as { document: Doc }).document;
      const walker = doc.createTreeWalker(doc.querySelector(".events"), 4 /* NodeFilter.SHOW_TEXT */);
      const texts: DomNode[] = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      for (const text of texts) {
        const font = doc.createElement("font");
        text.parentNode.replaceChild(font, text);
        font.appendChild(text);
      }
    });
    expect((await asService("DELETE", `/events/${eventId}/registrations/zoe`)).status).toBe(204);
    // The person comes back to the tab: the list is read again, and the "1 waiting" text goes.
    await page.evaluate(() => (globalThis as unknown as { dispatchEvent(event: Event): boolean }).dispatchEvent(new Event("visibilitychange")));

    const failure = page.getByRole("alert", { name: "Something went wrong while showing this page." });
    await expect.poll(() => failure.isVisible(), WAIT).toBe(true);
    // The header stays; no error text or stack is shown.
    expect(await page.getByRole("button", { name: "Sign in", exact: true }).isVisible()).toBe(true);
    expect(await failure.innerText()).not.toMatch(/removeChild|NotFoundError|Error|\bat\b/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Focus is on the message; Tab reaches "Back to the events", Enter draws the page again.
    expect(await failure.locator("h2").evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    const back = failure.getByRole("button", { name: "Back to the events" });
    const focused = () => back.evaluate((element) => element === element.ownerDocument.activeElement);
    for (let presses = 0; presses < 3 && !(await focused()); presses++) await page.keyboard.press("Tab");
    expect(await focused()).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => card.locator(".event-meta").innerText(), WAIT).toContain("2/2 registered");
    expect(await card.locator(".event-meta").innerText()).not.toContain("waiting");
    expect(await failure.count()).toBe(0);
    await context.close();
  });
});

/**
 * How the browser tests find and start Debian's Chromium (driven by playwright-core;
 * never `npx playwright install`): its path, its flags, and whether to skip.
 * Without the browser a test is skipped, unless CI is set: CI installs Chromium
 * itself (.ci/run), so there a missing browser is a failure.
 */
import { existsSync } from "node:fs";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (another install). */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The browser flags: headless, and nothing that reaches for the network on this closed machine. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** For playwright-core's `chromium.launch()` (which gives it a fresh, temporary user-data-dir). */
export const CHROMIUM_LAUNCH = { executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 };

/** True (with a warning naming `suite`) when the browser is missing outside CI. */
export function skipWithoutChromium(suite: string): boolean {
  const inCI = Boolean(process.env.CI) && process.env.CI !== "false";
  const skip = !existsSync(CHROMIUM) && !inCI;
  if (skip) {
    console.warn(
      `[${suite}] SKIPPED: ${CHROMIUM} is missing (apt-get install chromium to run this test). ` +
        "With CI=true it runs, and fails without Chromium.",
    );
  }
  return skip;
}

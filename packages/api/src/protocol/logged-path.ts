/**
 * What a log line says a request's path was: as sent, except for paths whose
 * segments are secrets (a private feed's token), which are logged as their
 * route template, so that no log line ever holds the secret.
 */
import { SECRET_FEED_PATH } from "./calendar/format.js";

/** Routes with a secret in the path; a route added with one lists itself here. */
export const SECRET_PATH_TEMPLATES = [SECRET_FEED_PATH] as const;

/**
 * Up to the segment holding the secret, whatever that segment holds and whatever follows: a mistyped
 * address (no `.ics`, a trailing segment) still holds the secret, and is logged as the template too.
 */
const patterns = SECRET_PATH_TEMPLATES.map((template) => {
  const secret = template.split("/").findIndex((segment) => segment.includes("{"));
  const before = template.split("/").slice(0, secret).join("/").replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return { template, pattern: new RegExp(`^${before}/[^/]+(?:/.*)?$`) };
});

export function loggedPath(path: string): string {
  return patterns.find(({ pattern }) => pattern.test(path))?.template ?? path;
}

/**
 * What a log line says a request's path was: as sent, except for paths whose
 * segments are secrets (a private feed's token), which are logged as their
 * route template, so that no log line ever holds the secret.
 */
import { SECRET_FEED_PATH } from "./calendar/format.js";

/** Routes with a secret in the path; a route added with one lists itself here. */
export const SECRET_PATH_TEMPLATES = [SECRET_FEED_PATH] as const;

const patterns = SECRET_PATH_TEMPLATES.map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]*")}/?$`),
}));

export function loggedPath(path: string): string {
  return patterns.find(({ pattern }) => pattern.test(path))?.template ?? path;
}

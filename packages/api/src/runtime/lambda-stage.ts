/**
 * API Gateway stage prefixes, which Hono's adapter does not see: a REST API
 * (v1) event's `path` leaves the stage out while clients call `/prod/...`;
 * an HTTP API (v2) on a named stage puts it into `rawPath`, where no route
 * would match. Routing gets the path without it, and the app gets the prefix
 * in X-Forwarded-Prefix (replacing any the client sent) for the links it makes.
 */
import { FORWARDED_PREFIX } from "../protocol/base-path.js";

interface V1Event {
  path?: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  requestContext?: { path?: string; stage?: string };
}
interface V2Event {
  rawPath?: string;
  headers?: Record<string, string | undefined>;
  requestContext?: { stage?: string; http?: { path?: string } };
}

function setPrefix(headers: Record<string, unknown>, prefix: string, multi: boolean) {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === FORWARDED_PREFIX) delete headers[name];
  if (prefix) headers[FORWARDED_PREFIX] = multi ? [prefix] : prefix;
}

export function withStagePrefix<T>(event: T): T {
  const e = event as V1Event & V2Event;
  let prefix = "";
  if (typeof e.rawPath === "string") {
    const stage = e.requestContext?.stage;
    if (stage && stage !== "$default" && (e.rawPath === `/${stage}` || e.rawPath.startsWith(`/${stage}/`))) {
      prefix = `/${stage}`;
      e.rawPath = e.rawPath.slice(prefix.length) || "/";
    }
    e.headers ??= {};
    setPrefix(e.headers, prefix, false);
  } else if (typeof e.path === "string") {
    const full = e.requestContext?.path;
    if (full && full.length > e.path.length && full.endsWith(e.path)) prefix = full.slice(0, full.length - e.path.length);
    if (e.headers) setPrefix(e.headers, prefix, false);
    if (e.multiValueHeaders) setPrefix(e.multiValueHeaders, prefix, true);
  }
  return event;
}

/**
 * A `Retry-After` header (RFC 9110): delta seconds or an HTTP date, as a wait
 * in ms from `now`. How long the core honours it (up to an hour) is the core's rule.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date has a weekday and a GMT zone; a bare number or other text is not one.
  if (!/^[A-Za-z]{3},/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

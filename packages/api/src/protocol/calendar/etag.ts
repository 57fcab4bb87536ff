/** Strong ETags of response bodies and the `If-None-Match` evaluation of RFC 9110 §13.1.2. */
import { createHash } from "node:crypto";

/** A strong ETag of the exact bytes (UTF-8) of a body: 132 bits of its SHA-256, quoted. */
export function bodyEtag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 22)}"`;
}

// One list member: optional whitespace, an optional entity-tag, optional whitespace, then a comma or the end.
// Empty members (`a, ,b`) are allowed by RFC 9110 §5.6.1; etagc excludes DQUOTE, so a tag may hold a comma.
const LIST_MEMBER = /[ \t]*(?:(?:W\/)?"([\x21\x23-\x7E\x80-\xFF]*)")?[ \t]*(?:,|$)/y;

/** The opaque-tags of an `If-None-Match` list, or undefined when the value is not a valid list. */
function opaqueTags(value: string): string[] | undefined {
  const tags: string[] = [];
  const member = new RegExp(LIST_MEMBER);
  while (member.lastIndex < value.length) {
    const match = member.exec(value);
    if (!match) return undefined;
    if (match[1] !== undefined) tags.push(match[1]);
  }
  return tags;
}

/**
 * True when a GET or HEAD should answer 304 Not Modified: the `If-None-Match` value is `*` or lists a tag that
 * weakly matches the current ETag (`W/"x"` matches `"x"`). A malformed value is ignored (a full response is
 * always a correct answer). For other methods a match means 412, which is the caller's to send.
 */
export function isNotModified(ifNoneMatch: string | null | undefined, currentEtag: string): boolean {
  if (ifNoneMatch == null) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const current = currentEtag.replace(/^W\//, "");
  return opaqueTags(ifNoneMatch)?.some((tag) => `"${tag}"` === current) ?? false;
}

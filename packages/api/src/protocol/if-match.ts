/**
 * `If-Match` (RFC 9110 §13.1.1) against the event's strong ETag, `"<version>"`.
 * `*` matches any existing event; weak tags never match (strong comparison).
 */
export type Precondition =
  | { kind: "none" }
  | { kind: "any" }
  /** Versions listed; empty when the header names nothing that can match. */
  | { kind: "versions"; versions: number[] };

export const etagOf = (version: number) => `"${version}"`;

export function parseIfMatch(header: string | null): Precondition {
  if (header === null) return { kind: "none" };
  const value = header.trim();
  if (value === "*") return { kind: "any" };
  const versions: number[] = [];
  for (const tag of value.split(",")) {
    const match = /^"([1-9]\d{0,15})"$/.exec(tag.trim());
    if (match) versions.push(Number(match[1]));
  }
  return { kind: "versions", versions };
}

/**
 * The versions a write may apply to, from the header and from an
 * `expectedVersion` input; undefined when neither constrains it.
 */
export function expectedVersions(precondition: Precondition, expectedVersion?: number): number[] | undefined {
  const fromHeader = precondition.kind === "versions" ? precondition.versions : undefined;
  if (expectedVersion === undefined) return fromHeader;
  if (fromHeader === undefined) return [expectedVersion];
  return fromHeader.includes(expectedVersion) ? [expectedVersion] : [];
}

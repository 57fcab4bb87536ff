/**
 * The event's strong ETag and `If-Match` (RFC 9110 §13.1.1) against it.
 *
 * The ETag is `"<version>-<incarnation>"`: the version changes on every update, and the incarnation (a hash of
 * `createdAt`) tells an event from one deleted and created again under its id, which starts at version 1 again.
 * So a copy of a deleted event never revalidates against its successor (`If-None-Match`), nor writes to it
 * (`If-Match`). `If-Match` also takes the plain `"<version>"` form (as the ETag was, and as `expectedVersion`
 * is): that one compares the version only. `*` matches any existing event; weak tags never match.
 */
import { createHash } from "node:crypto";
import type { WriteOptions } from "@events/core";

/** One tag of `If-Match`: its version, and the incarnation unless it is the plain `"<version>"` form. */
export interface EntityTag {
  version: number;
  incarnation?: string;
}

export type Precondition =
  | { kind: "none" }
  | { kind: "any" }
  /** Tags listed; empty when the header names nothing that can match. */
  | { kind: "tags"; tags: EntityTag[] };

/** 48 bits of the SHA-256 of `createdAt`, base64url: the same for every version of one event, new for a re-created one. */
export const incarnationOf = (createdAt: string) => createHash("sha256").update(createdAt, "utf8").digest("base64url").slice(0, 8);

export const etagOf = (event: { version: number; createdAt: string }) => `"${event.version}-${incarnationOf(event.createdAt)}"`;

const TAG = /^"([1-9]\d{0,15})(?:-([\w-]{8}))?"$/;

export function parseIfMatch(header: string | null): Precondition {
  if (header === null) return { kind: "none" };
  const value = header.trim();
  if (value === "*") return { kind: "any" };
  const tags: EntityTag[] = [];
  for (const tag of value.split(",")) {
    const match = TAG.exec(tag.trim());
    if (match) tags.push({ version: Number(match[1]), ...(match[2] === undefined ? {} : { incarnation: match[2] }) });
  }
  return { kind: "tags", tags };
}

/**
 * A write's options from `If-Match` and an `expectedVersion` input; `{}` when neither constrains it. When a tag
 * names an incarnation, the event is read (`current`) to keep the tags of its incarnation, and the write is
 * made conditional on that incarnation, so a re-creation between the read and the write still fails it.
 */
export async function writeOptions(
  precondition: Precondition,
  expectedVersion: number | undefined,
  current: () => Promise<{ createdAt: string }>,
): Promise<WriteOptions> {
  const tags = precondition.kind === "tags" ? precondition.tags : undefined;
  let createdAt: string | undefined;
  if (tags?.some((tag) => tag.incarnation !== undefined)) createdAt = (await current()).createdAt;
  const incarnation = createdAt === undefined ? undefined : incarnationOf(createdAt);
  const fromHeader = tags?.filter((tag) => tag.incarnation === undefined || tag.incarnation === incarnation).map((tag) => tag.version);
  const versions = expectedVersions(fromHeader, expectedVersion);
  if (versions === undefined) return {};
  return { expectedVersions: versions, ...(createdAt === undefined ? {} : { createdAt }) };
}

/** The versions a write may apply to, from the header's and from `expectedVersion`; undefined when neither constrains it. */
function expectedVersions(fromHeader: number[] | undefined, expectedVersion?: number): number[] | undefined {
  if (expectedVersion === undefined) return fromHeader;
  if (fromHeader === undefined) return [expectedVersion];
  return fromHeader.includes(expectedVersion) ? [expectedVersion] : [];
}

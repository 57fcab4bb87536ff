/**
 * The stored form of an encrypted secret: `<format>.<base64url part>.…`. The
 * format names the cipher and its version, so a key change or a move from
 * the local key to KMS can tell old texts from new and refuse them clearly.
 */

/** Bound into every ciphertext (GCM's additional data, KMS's encryption context): only a webhook secret decrypts as one. */
export const SECRET_PURPOSE = "events-webhook-secret";

export function sealText(format: string, parts: readonly Uint8Array[]): string {
  return [format, ...parts.map((part) => Buffer.from(part).toString("base64url"))].join(".");
}

/** The parts of a text in this format, or a thrown error naming what it is not. */
export function openText(format: string, text: string, partCount: number): Buffer[] {
  const [found, ...parts] = text.split(".");
  if (found !== format || parts.length !== partCount) throw new Error(`not a ${format} ciphertext`);
  return parts.map((part) => Buffer.from(part, "base64url"));
}

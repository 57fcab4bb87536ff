/** Signing secrets: how one is made, and which of an endpoint's secrets sign at a given time. */
import { randomBytes } from "node:crypto";
import { SECRET_BYTES, SECRET_OVERLAP_MS, SECRET_PREFIX } from "../rules/webhook-fields.js";

export interface StoredSecret {
  ciphertext: string;
  createdAt: string;
}

/** `whsec_` + standard padded base64, as the Standard Webhooks libraries decode it. */
export const newSecret = () => SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");

/** The secrets that sign at `now`: each made within SECRET_OVERLAP_MS, and always the newest (oldest first). */
export function signingSecrets<T extends { createdAt: string }>(secrets: readonly T[], now: number): T[] {
  const newest = secrets.at(-1);
  return secrets.filter((secret) => secret === newest || Date.parse(secret.createdAt) > now - SECRET_OVERLAP_MS);
}

/**
 * Secrets encrypted with a key of our own (the embedded store, where no KMS
 * is at hand): AES-256-GCM, a random 12-byte IV each time, authenticated, so
 * a changed ciphertext (or another key) throws instead of giving a wrong secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretCipher } from "@events/core";
import { openText, SECRET_PURPOSE, sealText } from "./cipher-text.js";

const FORMAT = "local-v1";
export const LOCAL_KEY_BYTES = 32;
const IV_BYTES = 12;
const AAD = Buffer.from(SECRET_PURPOSE);

export function localCipher(key: Buffer): SecretCipher {
  if (key.length !== LOCAL_KEY_BYTES) throw new Error(`a local webhook secret key is ${LOCAL_KEY_BYTES} bytes`);
  return {
    async encrypt(secret) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return sealText(FORMAT, [iv, cipher.getAuthTag(), ciphertext]);
    },
    async decrypt(text) {
      const [iv, tag, ciphertext] = openText(FORMAT, text, 3) as [Buffer, Buffer, Buffer];
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv).setAAD(AAD).setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
      } catch {
        throw new Error("the webhook secret does not decrypt: changed, or encrypted with another key");
      }
    },
  };
}

/** A key that lives as long as the process (tests): secrets encrypted with it die with it. */
export function randomLocalKey(): Buffer {
  return randomBytes(LOCAL_KEY_BYTES);
}

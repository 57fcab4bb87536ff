/**
 * Secrets encrypted with an AWS KMS key (deployed): the key never leaves KMS,
 * and the encryption context binds each ciphertext to its purpose (KMS refuses
 * to decrypt it under another, and CloudTrail logs it with each use).
 */
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import type { SecretCipher } from "@events/core";
import { openText, SECRET_PURPOSE, sealText } from "./cipher-text.js";

const FORMAT = "kms-v1";
const ENCRYPTION_CONTEXT = { purpose: SECRET_PURPOSE };

export interface KmsCipherOptions {
  /** The key's id, ARN or alias. */
  keyId: string;
  /** A client of your own (region, endpoint, credentials); by default one from the environment. */
  client?: KMSClient;
}

export function kmsCipher({ keyId, client = new KMSClient({}) }: KmsCipherOptions): SecretCipher {
  return {
    async encrypt(secret) {
      const { CiphertextBlob } = await client.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(secret, "utf8"), EncryptionContext: ENCRYPTION_CONTEXT }),
      );
      if (!CiphertextBlob) throw new Error("KMS returned no ciphertext");
      return sealText(FORMAT, [CiphertextBlob]);
    },
    async decrypt(text) {
      const [blob] = openText(FORMAT, text, 1) as [Buffer];
      // Naming the key makes KMS refuse a ciphertext made under any other.
      const { Plaintext } = await client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob, EncryptionContext: ENCRYPTION_CONTEXT }));
      if (!Plaintext) throw new Error("KMS returned no plaintext");
      return Buffer.from(Plaintext).toString("utf8");
    },
  };
}

/**
 * The KMS cipher against a small local server that speaks KMS's JSON protocol
 * (`X-Amz-Target: TrentService.Encrypt` / `Decrypt`, `application/x-amz-json-1.1`),
 * the SDK pointed at it with `endpoint`. This tests our requests (key, encryption
 * context) and our handling of the answers and of KMS's errors, without AWS; it
 * does not test KMS itself. The server keeps the key id and context inside each
 * blob, sealed with its own key, and refuses a mismatch as KMS does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KMSClient } from "@aws-sdk/client-kms";
import { afterAll, describe, expect, it } from "vitest";
import { kmsCipher } from "../src/outbound/index.js";
import { awsTestClientConfig, startAwsJsonServer } from "./aws-json-server.js";

/** A stand-in for KMS: Encrypt and Decrypt, with KMS's error shapes. */
function startFakeKms() {
  const serverKey = randomBytes(32);
  const seal = (content: object) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", serverKey, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(content)), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
  };
  const unseal = (blob: string) => {
    const bytes = Buffer.from(blob, "base64");
    const decipher = createDecipheriv("aes-256-gcm", serverKey, bytes.subarray(0, 12)).setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString()) as {
      keyId: string;
      context: unknown;
      plaintext: string;
    };
  };
  const answer = (input: Record<string, unknown>, target: string): [number, object] => {
    if (target === "TrentService.Encrypt") {
      const content = { keyId: input.KeyId as string, context: input.EncryptionContext ?? {}, plaintext: input.Plaintext as string };
      return [200, { CiphertextBlob: seal(content), KeyId: content.keyId, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }];
    }
    if (target === "TrentService.Decrypt") {
      let content: ReturnType<typeof unseal>;
      try {
        content = unseal(input.CiphertextBlob as string);
      } catch {
        return [400, { __type: "InvalidCiphertextException", message: "" }];
      }
      if (input.KeyId !== undefined && input.KeyId !== content.keyId) {
        return [400, { __type: "IncorrectKeyException", message: "The key ID in the request does not identify a KMS key that can perform this operation." }];
      }
      if (JSON.stringify(input.EncryptionContext ?? {}) !== JSON.stringify(content.context)) {
        return [400, { __type: "InvalidCiphertextException", message: "" }];
      }
      return [200, { Plaintext: content.plaintext, KeyId: content.keyId, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" }];
    }
    return [400, { __type: "UnknownOperationException" }];
  };
  return startAwsJsonServer(answer);
}

const kms = await startFakeKms();
const client = new KMSClient(awsTestClientConfig(kms.endpoint));
afterAll(async () => {
  client.destroy();
  await kms.close();
});

const keyId = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const secret = `whsec_${randomBytes(32).toString("base64")}`;

describe("kmsCipher", () => {
  const cipher = kmsCipher({ keyId, client });

  it("encrypts with the key and the secrets' encryption context, and decrypts back", async () => {
    kms.requests.length = 0;
    const text = await cipher.encrypt(secret);
    expect(text).toMatch(/^kms-v1\.[\w-]+$/);
    expect(await cipher.decrypt(text)).toBe(secret);

    const [encrypt, decrypt] = kms.requests;
    expect(encrypt).toMatchObject({ target: "TrentService.Encrypt", input: { KeyId: keyId, EncryptionContext: { purpose: "events-webhook-secret" } } });
    expect(Buffer.from(encrypt!.input.Plaintext as string, "base64").toString()).toBe(secret);
    expect(decrypt).toMatchObject({ target: "TrentService.Decrypt", input: { KeyId: keyId, EncryptionContext: { purpose: "events-webhook-secret" } } });
    // Signed as AWS requires, for the KMS service in the client's region.
    expect(encrypt!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/kms\/aws4_request/);
    expect(encrypt!.headers["content-type"]).toBe("application/x-amz-json-1.1");
  });

  it("fails on a changed ciphertext, and on a ciphertext of another key", async () => {
    const text = await cipher.encrypt(secret);
    const blob = Buffer.from(text.split(".")[1]!, "base64url");
    blob[blob.length - 1]! ^= 1;
    await expect(cipher.decrypt(`kms-v1.${blob.toString("base64url")}`)).rejects.toMatchObject({ name: "InvalidCiphertextException" });
    await expect(kmsCipher({ keyId: "alias/another", client }).decrypt(text)).rejects.toMatchObject({ name: "IncorrectKeyException" });
  });

  it("refuses a text of another format without calling KMS", async () => {
    kms.requests.length = 0;
    await expect(cipher.decrypt("local-v1.AAAA.BBBB.CCCC")).rejects.toThrow("not a kms-v1 ciphertext");
    expect(kms.requests).toEqual([]);
  });
});

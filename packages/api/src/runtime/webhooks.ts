/**
 * The webhooks' edge for each place the API runs: deployed, secrets are
 * encrypted with the KMS key and only public https addresses are called (no
 * request into the API's own network), and attempts are queued on the SQS
 * attempt queue; locally (`pnpm start`), a local key and any http(s) address, so
 * receivers on localhost work, and the local loop's 250 ms passes make attempts.
 */
import type { SecretCipher, WebhooksOptions } from "@events/core";
import { createSender, kmsCipher, loadLocalKey, localCipher, sqsAttemptTimer, urlPolicy } from "../outbound/index.js";
import { errorField, type Logger } from "../protocol/logger.js";
import type { WebhookConfig } from "./config.js";

export type WebhooksPlace = { deployed: true } | { deployed: false; dataDir: string };

export async function webhooksOptions(config: WebhookConfig, place: WebhooksPlace, log?: Logger): Promise<WebhooksOptions> {
  const schedule = {
    ...(config.retrySchedule ? { retrySchedule: config.retrySchedule } : {}),
    // The dispatcher's failures (a store that went away) go to the server's log, at its level.
    ...(log ? { report: (msg: string, error: unknown) => log({ level: "error", msg, error: errorField(error) }) } : {}),
  };
  if (place.deployed) {
    // readWebhookConfig refuses to start a deployed function without a key.
    return {
      cipher: kmsCipher({ keyId: config.kmsKeyId! }),
      send: createSender({ addresses: "public" }),
      urlPolicy: urlPolicy("deployed"),
      ...schedule,
      // Attempts apart from the stream's batches; without the queue, the once-a-minute sweep makes a 5 s retry up to a minute late.
      ...(config.attemptQueueUrl ? { attemptTimer: sqsAttemptTimer({ queueUrl: config.attemptQueueUrl }) } : {}),
    };
  }
  const cipher = config.kmsKeyId ? kmsCipher({ keyId: config.kmsKeyId }) : await localKeyCipher(place.dataDir);
  return { cipher, send: createSender({ addresses: "any" }), urlPolicy: urlPolicy("local"), ...schedule };
}

/**
 * The local key: `WEBHOOK_SECRET_KEY` is checked now (a wrong one stops the start); the key file in the
 * data directory is read, or made, when a secret is first encrypted or decrypted, so that a server on an
 * external store that never meets a webhook leaves nothing in a data directory it does not use.
 */
async function localKeyCipher(dataDir: string): Promise<SecretCipher> {
  if (process.env.WEBHOOK_SECRET_KEY?.trim()) return localCipher(await loadLocalKey(dataDir));
  let loading: Promise<SecretCipher> | undefined;
  const cipher = () =>
    (loading ??= loadLocalKey(dataDir).then(localCipher, (error: unknown) => {
      loading = undefined; // The next use tries again (a full disk, a permission fixed since).
      throw error;
    }));
  return {
    encrypt: async (secret) => (await cipher()).encrypt(secret),
    decrypt: async (ciphertext) => (await cipher()).decrypt(ciphertext),
  };
}

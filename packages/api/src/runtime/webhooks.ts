/**
 * The webhooks' edge for each place the API runs: deployed, secrets are
 * encrypted with the KMS key and only public https addresses are called (no
 * request into the API's own network); locally (`pnpm start`), a local key in
 * the data directory and any http(s) address, so receivers on localhost work.
 */
import type { WebhooksOptions } from "@events/core";
import { createSender, kmsCipher, loadLocalKey, localCipher, urlPolicy } from "../outbound/index.js";
import type { WebhookConfig } from "./config.js";

export type WebhooksPlace = { deployed: true } | { deployed: false; dataDir: string };

export async function webhooksOptions(config: WebhookConfig, place: WebhooksPlace): Promise<WebhooksOptions> {
  const schedule = config.retrySchedule ? { retrySchedule: config.retrySchedule } : {};
  if (place.deployed) {
    // readWebhookConfig refuses to start a deployed function without a key.
    return { cipher: kmsCipher({ keyId: config.kmsKeyId! }), send: createSender({ addresses: "public" }), urlPolicy: urlPolicy("deployed"), ...schedule };
  }
  const cipher = config.kmsKeyId ? kmsCipher({ keyId: config.kmsKeyId }) : localCipher(await loadLocalKey(place.dataDir));
  return { cipher, send: createSender({ addresses: "any" }), urlPolicy: urlPolicy("local"), ...schedule };
}

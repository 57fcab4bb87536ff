/**
 * The Standard Webhooks headers of one attempt, made by the specification's
 * own library so that every receiver's `standardwebhooks` verifies them as they are.
 */
import type { OutgoingMessage } from "@events/core";
import { Webhook } from "standardwebhooks";

export interface SignatureHeaders {
  "webhook-id": string;
  /** Unix seconds of this attempt (receivers refuse one more than 5 minutes off). */
  "webhook-timestamp": string;
  /** `v1,<base64 HMAC>` per secret, space-separated: every secret still valid signs. */
  "webhook-signature": string;
}

/** Throws when a secret is not a `whsec_` + base64 key (the sender turns that into an outcome). */
export function signatureHeaders(message: Pick<OutgoingMessage, "messageId" | "body" | "secrets">, at: Date): SignatureHeaders {
  return {
    "webhook-id": message.messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": message.secrets.map((secret) => new Webhook(secret).sign(message.messageId, at, message.body)).join(" "),
  };
}

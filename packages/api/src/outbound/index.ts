/** The edge's side of the webhooks' ports (core/webhooks/ports.ts): how secrets are kept, how a message travels, which URLs may be called, what wakes a retry. */
export { whyAddressRefused } from "./address-rules.js";
export { kmsCipher, type KmsCipherOptions } from "./kms-cipher.js";
export { LOCAL_KEY_BYTES, localCipher, randomLocalKey } from "./local-cipher.js";
export { LOCAL_KEY_FILE, loadLocalKey } from "./local-key.js";
export { MAX_DELAY_SECONDS, sqsAttemptTimer, type SqsAttemptTimerOptions } from "./attempt-queue.js";
export { createSender, type SenderOptions, WEBHOOK_USER_AGENT } from "./sender.js";
export { signatureHeaders, type SignatureHeaders } from "./signing.js";
export { urlPolicy, type UrlPolicyMode, type UrlPolicyOptions } from "./url-policy.js";

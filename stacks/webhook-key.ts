/**
 * The KMS key that encrypts webhook signing secrets. HMAC signing needs the
 * secret itself, so it cannot be stored hashed; it is stored encrypted under
 * this key, which never leaves KMS (each use is logged in CloudTrail). Yearly
 * rotation is on: old ciphertexts still decrypt, new ones use the new material.
 */
import { KEY_ACTIONS, KEY_ID_VARIABLE } from "./webhook-settings";

export const webhookKey = new aws.kms.Key("WebhookSecretsKey", {
  description: `${$app.name} (${$app.stage}): encrypts webhook signing secrets`,
  enableKeyRotation: true,
  // A key scheduled for deletion can be cancelled within this window; the secrets it encrypted need it.
  deletionWindowInDays: 30,
});

/** A function's access to the key (`permissions`) and the variable naming it (`environment`). */
export function webhookKeyAccess(use: keyof typeof KEY_ACTIONS) {
  return {
    permissions: [{ actions: [...KEY_ACTIONS[use]], resources: [webhookKey.arn] }],
    environment: { [KEY_ID_VARIABLE]: webhookKey.id },
  };
}

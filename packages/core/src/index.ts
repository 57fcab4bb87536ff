export * from "./rules/event-fields.js";
export { dateOrder, instantKey, isEventDate } from "./rules/date.js";
export * from "./rules/event-schema.js";
export { SAMPLE_EVENT } from "./rules/sample.js";
export { eventLocation, type CreateOptions, type EventService, type ListOwnerEventsInput, type WriteOptions } from "./event/service.js";
export { SERVICE, type Actor } from "./rules/actor.js";
export * from "./rules/registration-fields.js";
export * from "./rules/registration-schema.js";
export {
  registrationLocation,
  type IdempotencyOptions,
  type RegistrationRequest,
  type RegistrationService,
} from "./registration/service.js";
export { IdempotencyKeySchema, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_TTL_SECONDS } from "./rules/idempotency-key.js";
export * from "./rules/errors.js";
export { EVENTS_TABLE, DEFAULT_TABLE_NAME, ENTITY_ATTRIBUTE, MESSAGE_ENTITY, createTableInput, keyAttributeNames } from "./model/table.js";
export { createDynamoClient, ensureTable, isTableReachable, type DynamoClientOptions } from "./store/dynamo.js";
export { type BulkLoadOptions } from "./event/bulk-load.js";
export { createServices, type Services, type ServicesOptions, type ServicesWithWebhooks } from "./services.js";
export { type CalendarTokens } from "./calendar/tokens.js";
export * from "./rules/webhook-fields.js";
export * from "./rules/webhook-schema.js";
export type {
  SecretCipher,
  OutgoingMessage,
  AttemptOutcome,
  Send,
  UrlPolicy,
  WebhooksOptions,
  WebhookService,
  Dispatcher,
  AttemptTimer,
  DueAttempt,
} from "./webhooks/ports.js";
export { type MessageItem } from "./webhooks/outbox.js";

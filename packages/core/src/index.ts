export * from "./event/fields.js";
export { instantKey, isEventDate } from "./event/date.js";
export { dateOrder } from "./event/item.js";
export * from "./event/schema.js";
export { SAMPLE_EVENT } from "./event/sample.js";
export { createEventService, eventLocation, type CreateOptions, type EventService, type WriteOptions } from "./event/service.js";
export * from "./registration/fields.js";
export * from "./registration/schema.js";
export {
  createRegistrationService,
  registrationLocation,
  type IdempotencyOptions,
  type RegistrationService,
} from "./registration/service.js";
export { IdempotencyKeySchema, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_TTL_SECONDS } from "./idempotency/key.js";
export * from "./errors.js";
export { EVENTS_TABLE, DEFAULT_TABLE_NAME, createTableInput, keyAttributeNames } from "./store/table.js";
export { createDynamoClient, ensureTable, isTableReachable, type DynamoClientOptions } from "./store/dynamo.js";
export { bulkLoad, type BulkLoadOptions } from "./event/bulk-load.js";

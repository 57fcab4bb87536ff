/**
 * What can go wrong with an event operation, in the domain's words. The
 * transports map each to their own status (404, 409, 412, 400, 503).
 */
export class EventError extends Error {
  override name = "EventError";
}

export class EventNotFoundError extends EventError {
  override name = "EventNotFoundError";
  constructor(readonly eventId: string) {
    super("Event not found");
  }
}

export class EventAlreadyExistsError extends EventError {
  override name = "EventAlreadyExistsError";
  constructor(readonly eventId: string) {
    super(`An event with eventId '${eventId}' already exists`);
  }
}

export class VersionMismatchError extends EventError {
  override name = "VersionMismatchError";
  constructor(readonly eventId: string) {
    super("The event has changed since the version given (If-Match / expectedVersion)");
  }
}

export class NoChangesError extends EventError {
  override name = "NoChangesError";
  constructor() {
    super("No fields to update");
  }
}

/** A list request that cannot be answered as asked (bad cursor, from after to). */
export class InvalidQueryError extends EventError {
  override name = "InvalidQueryError";
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The store did not answer in time or could not be reached. Safe to retry. */
export class StoreUnavailableError extends EventError {
  override name = "StoreUnavailableError";
  constructor(options?: { cause?: unknown }) {
    super("The event store is unavailable; try again shortly", options);
  }
}

/** A registration change the event's state does not allow (409 at the edge). */
export class RegistrationConflictError extends EventError {
  override name = "RegistrationConflictError";
}

export class AlreadyRegisteredError extends RegistrationConflictError {
  override name = "AlreadyRegisteredError";
  constructor(
    readonly userId: string,
    readonly status: "registered" | "waitlisted",
  ) {
    super(
      status === "registered"
        ? `User '${userId}' is already registered for this event`
        : `User '${userId}' is already on this event's waitlist`,
    );
  }
}

export class EventFullError extends RegistrationConflictError {
  override name = "EventFullError";
  constructor(readonly eventId: string) {
    super("The event is full and has no waitlist");
  }
}

export class EventNotOpenError extends RegistrationConflictError {
  override name = "EventNotOpenError";
  constructor(
    readonly eventId: string,
    readonly status: string,
  ) {
    super(`The event is not open for registration (its status is '${status}'; it must be 'published' or 'active')`);
  }
}

export class CapacityBelowRegisteredError extends RegistrationConflictError {
  override name = "CapacityBelowRegisteredError";
  constructor(
    readonly eventId: string,
    readonly registeredCount: number,
  ) {
    super(`capacity cannot be lower than the ${registeredCount} people registered`);
  }
}

export class WaitlistNotEmptyError extends RegistrationConflictError {
  override name = "WaitlistNotEmptyError";
  constructor(
    readonly eventId: string,
    readonly waitlistCount: number,
  ) {
    super(`The waitlist cannot be turned off while ${waitlistCount} people are waiting`);
  }
}

export class RegistrationNotFoundError extends EventError {
  override name = "RegistrationNotFoundError";
  constructor(
    readonly eventId: string,
    readonly userId: string,
  ) {
    super("Registration not found");
  }
}

/** The Idempotency-Key was first used with another request (422 at the edge). */
export class IdempotencyKeyMismatchError extends EventError {
  override name = "IdempotencyKeyMismatchError";
  constructor() {
    super("This Idempotency-Key was already used with a different request");
  }
}

/** The caller is known but may not do this (not their event, not their registration): a 403. */
export class ForbiddenError extends EventError {
  override name = "ForbiddenError";
}

/** No webhook endpoint with this id that the caller may see (someone else's is not found too): a 404. */
export class WebhookNotFoundError extends EventError {
  override name = "WebhookNotFoundError";
  constructor(readonly webhookId: string) {
    super("Webhook endpoint not found");
  }
}

/** No message with this id in the endpoint's deliveries log: a 404. */
export class DeliveryNotFoundError extends EventError {
  override name = "DeliveryNotFoundError";
  constructor(
    readonly webhookId: string,
    readonly messageId: string,
  ) {
    super("Delivery not found");
  }
}

/** A webhook URL the API will not call (not https where it must be, or an address inside its own network): a 422 on `url`. */
export class WebhookUrlRefusedError extends EventError {
  override name = "WebhookUrlRefusedError";
  constructor(readonly reason: string) {
    super(`url: ${reason}`);
  }
}

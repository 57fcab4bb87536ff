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

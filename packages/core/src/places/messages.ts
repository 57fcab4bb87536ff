/**
 * The registrations' public shape, and the outbox messages the changes of
 * places write in their own transactions (a join, a promotion, a leave, the
 * cascade of a deleted event): `data` is exactly what the transaction commits.
 */
import type { LineEntry, RegistrationItem, TransactionEntities } from "../model/store.js";
import type { RegistrationStatus } from "../rules/registration-fields.js";
import type { Registration } from "../rules/registration-schema.js";
import { outboxPut } from "../webhooks/outbox.js";

/** What a registration is made of, whichever item holds it (the registration or its line entry). */
export type RegistrationFields = Pick<LineEntry, "eventId" | "userId" | "name" | "email" | "createdAt" | "updatedAt"> & {
  status: RegistrationStatus;
};

/** The public shape, field order fixed; `position` only while waitlisted. */
export function toRegistration(item: RegistrationFields, position?: number): Registration {
  const { eventId, userId, name, email, status, createdAt, updatedAt } = item;
  return {
    eventId,
    userId,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
    status,
    ...(status === "waitlisted" && position !== undefined ? { position } : {}),
    createdAt,
    updatedAt,
  };
}

/** Who the messages of an event's places are for, and when their change commits. */
export interface MessageScope {
  eventId: string;
  /** The event's owner (undefined: only services' endpoints get them). */
  ownerId: string | undefined;
  timestamp: string;
}

/** `registration.created`: the newcomer as committed (`position` when waitlisted). */
export const joinedMessage = (entities: TransactionEntities, scope: MessageScope, joined: RegistrationFields, position?: number) =>
  outboxPut(entities, { ...scope, type: "registration.created", data: toRegistration(joined, position) });

/** `registration.promoted`: the waiting person now holds a place (updated at the commit, created when they joined). */
export const promotedMessage = (entities: TransactionEntities, scope: MessageScope, entry: LineEntry) =>
  outboxPut(entities, {
    ...scope,
    type: "registration.promoted",
    data: toRegistration({ ...entry, status: "registered", updatedAt: scope.timestamp }),
  });

/** `registration.cancelled`: the registration as it was (without a position: it no longer has one). */
export const cancelledMessage = (entities: TransactionEntities, scope: MessageScope, gone: RegistrationItem) =>
  outboxPut(entities, { ...scope, type: "registration.cancelled", data: toRegistration(gone) });

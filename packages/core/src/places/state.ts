/** What the places logic reads and writes: an event's state as read, and the change one transaction makes. */
import type { LineEntry, RegistrationItem, StoredEvent, TransactionEntities } from "../model/store.js";
import type { EventStatus } from "../rules/event-fields.js";
import { lineKey } from "../rules/registration-fields.js";

/** An event item as read, with the counts of events stored before registrations existed read as 0/false. */
export interface EventState {
  item: Record<string, unknown>;
  eventId: string;
  capacity: number;
  status: EventStatus;
  /** Who manages the event; undefined when only services do. */
  ownerId: string | undefined;
  waitlistEnabled: boolean;
  registeredCount: number;
  waitlistCount: number;
  /** The last ticket handed out. */
  lineSeq: number;
  /** The ticket of the last person who joined the waitlist: the line is committed in ticket order. */
  waitTail: number;
  version: number;
  createdAt: string;
  /** The event's date, which orders its registrations in the user index. */
  date: string;
  /** The date's version its registrations should carry, and the one they all do (below it while a re-key is unfinished). */
  orderVersion: number;
  keyedVersion: number;
}

/** A person joining: the fields of the new registration, its ticket, and what else the transaction writes (an idempotency record). */
export type Joiner = Pick<RegistrationItem, "userId" | "name" | "email" | "status" | "line"> & {
  timestamp: string;
  extraItems?: (entities: TransactionEntities) => unknown[];
};

/** A person given a place: their waitlist entry as read, and the ticket their place is listed under. */
export interface Promotion {
  entry: LineEntry;
  line: string;
}

export interface PlacesChange {
  /** The write holds only while the event has this owner (an owner acting for someone else). */
  ownedBy?: string;
  join?: Joiner;
  leave?: RegistrationItem;
  /** The first in line, in line order, who get a place. */
  promote?: Promotion[];
}

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Promotions in one transaction: 4 items each (the registration, two line entries, its message),
 * beside the event, a leaver (2) and the leaver's message: 1 + 2 + 1 + 24 × 4 = 100.
 */
export const MAX_PROMOTIONS_PER_TRANSACTION = Math.floor((MAX_TRANSACTION_ITEMS - 4) / 4);

/** The tickets `state` handed out last, oldest first (`count` of them, ending at its lineSeq). */
export const ticketsOf = (state: EventState, count: number) =>
  Array.from({ length: count }, (_, i) => lineKey(state.lineSeq - count + 1 + i));

/** The event item as the places logic reads it. */
export function toState(data: StoredEvent): EventState {
  return {
    item: data,
    eventId: data.eventId,
    capacity: data.capacity,
    status: data.status,
    ownerId: data.ownerId,
    waitlistEnabled: data.waitlistEnabled ?? false,
    registeredCount: data.registeredCount ?? 0,
    waitlistCount: data.waitlistCount ?? 0,
    lineSeq: data.lineSeq ?? 0,
    waitTail: data.waitTail ?? 0,
    version: data.version,
    createdAt: data.createdAt,
    date: data.date,
    orderVersion: data.orderVersion ?? 0,
    keyedVersion: data.keyedVersion ?? 0,
  };
}


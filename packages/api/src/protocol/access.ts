/**
 * Who may do what: the contract's permission table (secured mode) as data, the
 * one rule for /trpc, REST and the routes outside tRPC (calendar feeds). Each
 * procedure names its row in `meta.access` (trpc/init.ts checks it), each feed in http/feeds.ts. The door decides what depends only
 * on the kind of caller (401, 403, "their own"); what depends on the event
 * (its owner, drafts) the core decides with the actor, inside its writes.
 */
import { ForbiddenError, SERVICE, type Actor } from "@events/core";
import type { Caller } from "@events/identity";
import { CredentialMissingError } from "./auth-errors.js";
import type { Credentials } from "./credentials.js";

/**
 * What the door does for one kind of caller: let through (`pass`: the core may
 * still refuse, as `says` tells), answer 401, or (`own`) let a person through
 * only for their own `userId` (another's: 403).
 */
export interface Cell {
  door: "pass" | 401 | "own";
  /** The contract's words for this cell. */
  says: string;
  /** The core may refuse this caller (403): not their event, not their registration. */
  forbids?: true;
}

const YES: Cell = { door: "pass", says: "yes" };
const SIGN_IN: Cell = { door: 401, says: "401" };
const THEIR_OWN: Cell = { door: "own", says: "their own (another's: 403)" };
/** Let through; the core decides with the actor (ownership, drafts), as `says` tells. */
const byCore = (says: string): Cell => ({ door: "pass", says });
/** Let through; the core answers 403 unless the event or the registration is theirs. */
const ifTheirs = (says: string): Cell => ({ door: "pass", says, forbids: true });
/** Not a case of its own (an owner is a person; no event involved). */
const NONE = byCore("—");

export interface AccessRow {
  /** The operations of this row, in the contract's words. */
  operation: string;
  anyone: Cell;
  person: Cell;
  /** A person who owns the event: always decided by the core (the door sees a person). */
  owner: Cell;
  service: Cell;
}

export const ACCESS_TABLE = {
  readEvents: {
    operation: "read a non-draft event, `GET /events`, `/events.ics`, an event's feed",
    anyone: YES,
    person: YES,
    owner: YES,
    service: YES,
  },
  readDrafts: {
    operation: "read a **draft** (by id, in lists and feeds)",
    anyone: byCore("404 / left out"),
    person: byCore("404 / left out"),
    owner: byCore("yes"),
    service: YES,
  },
  createEvent: {
    operation: "create an event",
    anyone: SIGN_IN,
    person: ifTheirs("yes, and becomes its owner"),
    owner: NONE,
    service: YES,
  },
  changeEvent: {
    operation: "update or delete an event",
    anyone: SIGN_IN,
    person: ifTheirs("403"),
    owner: byCore("yes"),
    service: YES,
  },
  register: {
    operation: "register for an event",
    anyone: SIGN_IN,
    person: ifTheirs("**themselves** only"),
    owner: byCore("anyone, for their event"),
    service: byCore("anyone"),
  },
  readRegistration: {
    operation: "read one registration",
    anyone: SIGN_IN,
    person: ifTheirs("their own"),
    owner: byCore("any of their event"),
    service: byCore("any"),
  },
  listRegistrations: {
    operation: "list an event's registrations",
    anyone: SIGN_IN,
    person: ifTheirs("403"),
    owner: byCore("yes"),
    service: YES,
  },
  cancelRegistration: {
    operation: "cancel a registration",
    anyone: SIGN_IN,
    person: ifTheirs("their own"),
    owner: byCore("any of their event"),
    service: byCore("any"),
  },
  userData: {
    operation: "`GET /users/{userId}/registrations`, `/users/{userId}/calendar.ics`, the user's feed token",
    anyone: SIGN_IN,
    person: THEIR_OWN,
    owner: NONE,
    service: byCore("any"),
  },
  userEvents: {
    operation: "`GET /users/{userId}/events`",
    anyone: byCore("drafts left out"),
    person: byCore("drafts left out unless their own"),
    owner: NONE,
    service: byCore("all"),
  },
  createWebhook: {
    operation: "`POST /webhooks` (subscribe an endpoint)",
    anyone: SIGN_IN,
    person: ifTheirs("yes: their events' messages (another's `eventId`: 403)"),
    owner: byCore("yes, for their event"),
    service: byCore("yes: every event's messages"),
  },
  manageWebhooks: {
    operation: "read, list, change or delete an endpoint, rotate its secret, its deliveries and retries",
    anyone: SIGN_IN,
    person: byCore("their own (another's: 404)"),
    owner: NONE,
    service: byCore("all"),
  },
  // Beyond the contract's table, so that every operation has its row:
  whoAmI: {
    operation: "`GET /me`",
    anyone: SIGN_IN,
    person: YES,
    owner: NONE,
    service: YES,
  },
  secretFeed: {
    operation: "`GET /calendars/{token}.ics` (the address is the credential)",
    anyone: YES,
    person: YES,
    owner: NONE,
    service: YES,
  },
} as const satisfies Record<string, AccessRow>;

export type AccessRowName = keyof typeof ACCESS_TABLE;

const KINDS = ["anyone", "person", "owner", "service"] as const;

/** Whether a caller without a credential is refused (401) for this row. */
export const needsCaller = (row: AccessRowName): boolean => KINDS.some((kind) => ACCESS_TABLE[row][kind].door === 401);

/** Whether a known caller may be refused (403) for this row, by the door or by the core. */
export const mayForbid = (row: AccessRowName): boolean =>
  KINDS.some((kind) => {
    const cell: Cell = ACCESS_TABLE[row][kind];
    return cell.door === "own" || cell.forbids === true;
  });

const isRowName = (name: unknown): name is AccessRowName => typeof name === "string" && Object.hasOwn(ACCESS_TABLE, name);

/** Who is asking, as the door and the core see it. */
export interface Asker {
  caller: Caller;
  /** Secured mode; open mode lets everybody do everything. */
  secured: boolean;
  /** A 401's detail: what to send. */
  missingCredentialDetail: string;
}

export const NO_ACCESS_ROW = "This operation has no access rule";
export const ANOTHERS_DATA = "This is another person's data";

/**
 * The failure that stops this call, or undefined when it may go ahead.
 * `userId` is the path's, for "their own" rows. An operation without a row is
 * refused in every mode (fail closed).
 */
export function accessDenial(asker: Asker, row: unknown, userId?: unknown): Error | undefined {
  if (!isRowName(row)) return new ForbiddenError(NO_ACCESS_ROW);
  if (!asker.secured) return undefined;
  const { caller } = asker;
  const cell: Cell = ACCESS_TABLE[row][caller.kind];
  if (cell.door === 401) return new CredentialMissingError(asker.missingCredentialDetail);
  if (cell.door === "own" && !(caller.kind === "person" && caller.userId === userId)) return new ForbiddenError(ANOTHERS_DATA);
  return undefined;
}

/** The caller as the core's actor: in open mode everybody acts as the original service did. */
export function actorOf(caller: Caller, secured: boolean): Actor {
  if (!secured || caller.kind === "service") return SERVICE;
  return caller.kind === "person" ? { kind: "person", userId: caller.userId } : { kind: "anyone" };
}

/** Who is asking, and what follows from it for the core: the actor and the scope of their Idempotency-Keys. */
export interface Identity extends Asker {
  actor: Actor;
  idempotencyScope: string;
}

/**
 * A request's identity, resolved once from its headers for every route (/trpc, REST, the feeds).
 * Throws what `resolveCaller` throws: a refused credential (401), an unreachable issuer (503).
 */
export async function identify(credentials: Credentials, headers: Headers): Promise<Identity> {
  const caller = await credentials.resolveCaller(headers);
  const { secured } = credentials;
  return {
    caller,
    secured,
    missingCredentialDetail: credentials.missingDetail,
    actor: actorOf(caller, secured),
    idempotencyScope: idempotencyScopeOf(caller, secured),
  };
}

/** Whose Idempotency-Keys a request's are: the same key from two callers names two records. */
export function idempotencyScopeOf(caller: Caller, secured: boolean): string {
  if (!secured) return "open";
  if (caller.kind === "person") return `user:${caller.userId}`;
  // Key ids are `key-…`: never equal to a person's or open mode's scope.
  return caller.kind === "service" ? caller.keyId : "anyone";
}

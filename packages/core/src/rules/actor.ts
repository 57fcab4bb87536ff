/**
 * Who asks: the core decides what a caller may see and change from this alone
 * (the edge finds out who the caller is). `service` has full rights: services,
 * and every caller of an API running in open mode.
 */
import type { EventStatus } from "./event-fields.js";

export type Actor = { readonly kind: "service" } | { readonly kind: "person"; readonly userId: string } | { readonly kind: "anyone" };

export const SERVICE: Actor = Object.freeze({ kind: "service" });

/** The person's userId, or undefined for a service or anyone. */
export const personId = (actor: Actor): string | undefined => (actor.kind === "person" ? actor.userId : undefined);

/** Whether the actor manages an event with this owner: services any, a person their own. */
export const manages = (actor: Actor, ownerId: string | undefined): boolean =>
  actor.kind === "service" || (actor.kind === "person" && ownerId !== undefined && ownerId === actor.userId);

/** A draft is seen only by those who manage it; every other status by everyone. */
export const sees = (actor: Actor, event: { status: EventStatus; ownerId?: string | undefined }): boolean =>
  event.status !== "draft" || manages(actor, event.ownerId);

/**
 * The WebhookService: endpoints, their secrets, the deliveries log and manual
 * retries. A person manages their own endpoints, a service every one; another
 * person's endpoint is not found, so its existence is not revealed.
 */
import { ulid } from "ulid";
import type { Store } from "../model/store.js";
import type { Actor } from "../rules/actor.js";
import { DeliveryNotFoundError, ForbiddenError, InvalidQueryError, WebhookNotFoundError, WebhookUrlRefusedError } from "../rules/errors.js";
import { EVENT_ID_PATTERN, LIST_LIMITS } from "../rules/event-fields.js";
import { MESSAGE_TYPES } from "../rules/webhook-fields.js";
import { MESSAGE_ID_PATTERN, WEBHOOK_ID_PATTERN, type Delivery, type Webhook } from "../rules/webhook-schema.js";
import { isConditionFailure } from "../store/failures.js";
import { guard, RAW_ERRORS, retryOnContention } from "../store/guard.js";
import { withoutUndefined } from "../store/without-undefined.js";
import { iso, readDelivery, type DeliveryItem } from "./claims.js";
import type { EndpointItem } from "./matching.js";
import type { WebhooksOptions, WebhookService } from "./ports.js";
import { newSecret, signingSecrets } from "./secrets.js";
import { reporter, timerFailed } from "./report.js";

/** The endpoint as clients see it: never its secrets. */
function toWebhook(item: EndpointItem): Webhook {
  const { webhookId, url, types, eventId, description, enabled, ownerId, createdAt, updatedAt } = item;
  return {
    webhookId,
    url,
    types: types as Webhook["types"],
    ...(eventId === undefined ? {} : { eventId }),
    ...(description === undefined ? {} : { description }),
    enabled,
    ...(ownerId === undefined ? {} : { ownerId }),
    createdAt,
    updatedAt,
  };
}

const toDelivery = ({ messageId, type, status, attempts, nextAttemptAt, createdAt }: DeliveryItem): Delivery => ({
  messageId,
  type,
  status,
  attempts,
  nextAttemptAt: status === "pending" ? (nextAttemptAt ?? null) : null,
  createdAt,
});

/** Cursors hold the last id returned (opaque, URL-safe); one that is not an id of the right kind is refused. */
const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
function decodeCursor(cursor: string | undefined, pattern: RegExp): string | undefined {
  if (cursor === undefined) return undefined;
  const id = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!pattern.test(id)) throw new InvalidQueryError("cursor", "is not a valid cursor");
  return id;
}

/** Anyone (no identity) manages no endpoints. */
function known(actor: Actor): asserts actor is Exclude<Actor, { kind: "anyone" }> {
  if (actor.kind === "anyone") throw new ForbiddenError("Webhook endpoints belong to people and services");
}

export function createWebhookService(store: Store, options: WebhooksOptions): WebhookService {
  const now = options.now ?? Date.now;
  const report = reporter(options);
  const { webhook, delivery, due } = store.entities;

  async function refuseUrl(url: string): Promise<void> {
    const reason = await options.urlPolicy(url);
    if (reason !== undefined) throw new WebhookUrlRefusedError(reason);
  }

  /** The endpoint if the actor may manage it; WebhookNotFoundError otherwise (also someone else's). */
  async function open(webhookId: string, actor: Actor): Promise<EndpointItem> {
    known(actor);
    const item = WEBHOOK_ID_PATTERN.test(webhookId)
      ? (await guard(() => webhook.get({ webhookId }).go({ ...RAW_ERRORS, consistent: true }))).data
      : null;
    if (!item || (actor.kind === "person" && item.ownerId !== actor.userId)) throw new WebhookNotFoundError(webhookId);
    return item;
  }

  /** A person may name only an event they own (a missing one too is ForbiddenError); a service any. */
  async function mayName(eventId: string, actor: Actor): Promise<void> {
    if (actor.kind !== "person") return;
    const event = EVENT_ID_PATTERN.test(eventId)
      ? (await guard(() => store.entities.event.get({ eventId }).go({ ...RAW_ERRORS, consistent: true }))).data
      : null;
    if (event?.ownerId !== actor.userId) throw new ForbiddenError("A person's endpoint may name only an event they own");
  }

  return {
    async create(input, actor) {
      known(actor);
      if (input.eventId !== undefined) await mayName(input.eventId, actor);
      await refuseUrl(input.url);
      const at = iso(now());
      const secret = newSecret();
      const item: EndpointItem = {
        webhookId: `wh_${ulid(now())}`,
        url: input.url,
        types: [...(input.types ?? MESSAGE_TYPES)],
        ...(input.eventId === undefined ? {} : { eventId: input.eventId }),
        ...(input.description === undefined ? {} : { description: input.description }),
        enabled: true,
        ...(actor.kind === "person" ? { ownerId: actor.userId } : {}),
        createdAt: at,
        updatedAt: at,
        secrets: [{ ciphertext: await options.cipher.encrypt(secret), createdAt: at }],
      };
      await guard(() => webhook.create(item).go({ ...RAW_ERRORS, response: "none" }));
      return { ...toWebhook(item), secret };
    },

    async list(query, actor) {
      known(actor);
      const limit = query.limit ?? LIST_LIMITS.default;
      const after = decodeCursor(query.cursor, WEBHOOK_ID_PATTERN);
      const all = webhook.query.all({});
      let range = after === undefined ? all : all.gt({ webhookId: after });
      if (actor.kind === "person") range = range.where((attr, { eq }) => eq(attr.ownerId, actor.userId));
      // One more than the page, so that the last page carries no cursor; `count` reads on until it has them.
      const { data } = await guard(() => range.go({ ...RAW_ERRORS, consistent: true, limit: limit + 1, count: limit + 1, pages: "all" }));
      const items = data.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(toWebhook), nextCursor: data.length > limit && last ? encodeCursor(last.webhookId) : null };
    },

    async get(webhookId, actor) {
      return toWebhook(await open(webhookId, actor));
    },

    async update(webhookId, changes, actor) {
      await open(webhookId, actor);
      if (changes.url !== undefined) await refuseUrl(changes.url);
      const set = withoutUndefined(changes);
      try {
        const { data } = await guard(() =>
          webhook
            .patch({ webhookId })
            .set({ ...set, updatedAt: iso(now()) })
            .go({ ...RAW_ERRORS, response: "all_new" }),
        );
        return toWebhook(data as EndpointItem);
      } catch (error) {
        if (isConditionFailure(error)) throw new WebhookNotFoundError(webhookId);
        throw error;
      }
    },

    async delete(webhookId, actor) {
      await open(webhookId, actor);
      // Its deliveries stay until the dispatcher meets them (it drops those whose endpoint is gone) or they expire.
      await guard(() => webhook.delete({ webhookId }).go({ ...RAW_ERRORS, response: "none" }));
    },

    async rotateSecret(webhookId, actor) {
      const secret = newSecret();
      let ciphertext: string | undefined;
      return retryOnContention(async () => {
        const current = await open(webhookId, actor);
        // Encrypted once, and only for an endpoint the actor may manage.
        ciphertext ??= await options.cipher.encrypt(secret);
        const at = now();
        // Those that no longer sign go; the rest sign beside the new one until their 24 hours are up.
        const secrets = [...signingSecrets(current.secrets, at), { ciphertext, createdAt: iso(at) }];
        try {
          await guard(() =>
            webhook
              .patch({ webhookId })
              .set({ secrets, updatedAt: iso(at) })
              .where((attr, { eq }) => eq(attr.updatedAt, current.updatedAt))
              .go({ ...RAW_ERRORS, response: "none" }),
          );
          return { secret };
        } catch (error) {
          if (isConditionFailure(error)) return undefined; // changed meanwhile (or deleted: open() says so)
          throw error;
        }
      });
    },

    async deliveries(webhookId, query, actor) {
      await open(webhookId, actor);
      const limit = query.limit ?? LIST_LIMITS.default;
      const before = decodeCursor(query.cursor, MESSAGE_ID_PATTERN);
      const all = delivery.query.byWebhook({ webhookId });
      let range = before === undefined ? all : all.lt({ messageId: before });
      const status = query.status;
      if (status !== undefined) range = range.where((attr, { eq }) => eq(attr.status, status));
      const { data } = await guard(() =>
        range.go({ ...RAW_ERRORS, consistent: true, order: "desc", limit: limit + 1, count: limit + 1, pages: "all" }),
      );
      const items = data.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(toDelivery), nextCursor: data.length > limit && last ? encodeCursor(last.messageId) : null };
    },

    async retry(webhookId, messageId, actor) {
      await open(webhookId, actor);
      const item = MESSAGE_ID_PATTERN.test(messageId) ? await readDelivery(store, webhookId, messageId) : undefined;
      if (!item) throw new DeliveryNotFoundError(webhookId, messageId);
      const asked = {
        kind: "manual" as const,
        shard: item.shard,
        dueAt: iso(now()),
        webhookId,
        messageId,
        ...(item.expiresAt === undefined ? {} : { expiresAt: item.expiresAt }),
      };
      await guard(() => due.put(asked).go({ ...RAW_ERRORS, response: "none" }));
      // Stored, it is made by the next pass or sweep whatever the timer does: a timer that fails is only reported.
      await options.attemptTimer?.wake(asked).catch(timerFailed(report, asked));
    },
  };
}

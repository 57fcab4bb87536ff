/**
 * The webhook procedures: endpoints (subscribe, read, change, delete, rotate
 * the secret), each endpoint's deliveries log and a manual retry. Thin calls
 * into the core's WebhookService, served at /trpc and, through `meta.openapi`
 * and `meta.rest`, as the contract's REST paths.
 */
import { z } from "zod";
import {
  CreatedWebhookSchema,
  CreateWebhookInputSchema,
  DeliveryNotFoundError,
  DeliveryPageSchema,
  ListDeliveriesInputSchema,
  ListWebhooksInputSchema,
  MessageIdSchema,
  RotatedSecretSchema,
  UpdateWebhookInputSchema,
  WebhookIdSchema,
  WebhookNotFoundError,
  WebhookPageSchema,
  WebhookSchema,
} from "@events/core";
import { BODY_PROBLEMS } from "../../protocol/json-body.js";
import type { ErrorDoc } from "../../protocol/rest-contract.js";
import { publicProcedure, router } from "../init.js";
import { badQuery, BODYLESS_WRITE_ERRORS, forbidden, JSON_WRITE_ERRORS, PERSONAL_READ_ERRORS } from "./common-errors.js";
import { listContract } from "./lists.js";

const TAG = ["webhooks"];

/** What the core answers a person naming an event they do not own. */
const WEBHOOK_EVENT_FORBIDDEN = "A person's endpoint may name only an event they own";

/** The path's ids. Any string: an id no endpoint (or message) can have is simply not found. */
const PathWebhookId = z.string().meta({ description: "The endpoint's id.", examples: WebhookIdSchema.meta()?.examples as unknown[] });
const PathMessageId = z.string().meta({
  description: "The message's id (its `webhook-id` header), from the deliveries log.",
  examples: MessageIdSchema.meta()?.examples as unknown[],
});
const WebhookPath = z.object({ webhookId: PathWebhookId });

const WEBHOOK_NOT_FOUND: ErrorDoc = {
  description: "No endpoint has this id, or (secured mode) it is another person's: its existence is not revealed.",
  detail: new WebhookNotFoundError("").message,
};
const MALFORMED: ErrorDoc = { description: "Malformed JSON, or a change with no fields.", detail: BODY_PROBLEMS.notJson };
const INVALID_ENDPOINT: ErrorDoc = {
  description:
    "Invalid input (`errors` names each invalid field): a URL that is not absolute `https` (or, deployed, one inside the API's own " +
    "network), an unknown message type, a description out of bounds, an unknown field.",
  invalid: { url: "ftp://hooks.example.com/events", types: ["event.moved"] },
};

/** The endpoint in the examples: the types its create example asks for (the schema's own example shows one). */
const ENDPOINT_EXAMPLE = { types: CreateWebhookInputSchema.shape.types.unwrap().meta()?.examples?.[0] as string[] };

/** Every `secret` the API shows: once, in the response that made it. Never cached anywhere. */
const SECRET_NOTE = "The secret is in this response only: store it now (it is kept encrypted and never shown again).";

export const create = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhooks",
      operationId: "createWebhook",
      summary: "Subscribe an endpoint",
      description:
        "From now on, every change of the `types` asked for (all when left out), of one event (`eventId`) or of every event the " +
        "caller may see, is POSTed to `url`, signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, " +
        "`webhook-signature`). A person's endpoint gets only the messages of events they own; a service's, every event's. " +
        `Earlier changes are not sent. ${SECRET_NOTE}`,
      tags: TAG,
    },
    rest: {
      success: 201,
      description: "The endpoint, with its signing secret.",
      headers: { Location: "/webhooks/{webhookId}" },
      errors: {
        ...JSON_WRITE_ERRORS,
        400: { description: "Malformed JSON.", detail: BODY_PROBLEMS.notJson },
        403: forbidden("a person named an `eventId` of an event they do not own.", WEBHOOK_EVENT_FORBIDDEN),
        422: INVALID_ENDPOINT,
      },
      personal: true,
      responseExample: ENDPOINT_EXAMPLE,
    },
    access: "createWebhook",
  })
  .input(CreateWebhookInputSchema)
  .output(CreatedWebhookSchema)
  .mutation(({ ctx, input }) => ctx.webhooks.create(input, ctx.actor));

/** A page, `{ items, nextCursor }`; over REST its items, as `meta.rest.list` says. */
export const list = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhooks",
      operationId: "listWebhooks",
      summary: "List endpoints",
      description:
        "The caller's endpoints (a service: every endpoint), oldest first, without their secrets. Paginated with `limit`, `cursor` " +
        "and the `Link` header, as the other lists.",
      tags: TAG,
    },
    rest: {
      ...listContract("The endpoints, as a JSON array.", {
        ...PERSONAL_READ_ERRORS,
        422: badQuery({ limit: 0 }),
      }),
      personal: true,
      responseExample: ENDPOINT_EXAMPLE,
    },
    access: "manageWebhooks",
  })
  .input(ListWebhooksInputSchema.optional())
  .output(WebhookPageSchema)
  .query(({ ctx, input }) => ctx.webhooks.list(input ?? {}, ctx.actor));

export const get = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhooks/{webhookId}",
      operationId: "getWebhook",
      summary: "Get an endpoint",
      description: "The endpoint, without its secret. Another person's is a 404.",
      tags: TAG,
    },
    rest: {
      success: 200,
      description: "The endpoint.",
      errors: { 404: WEBHOOK_NOT_FOUND, ...PERSONAL_READ_ERRORS },
      personal: true,
      responseExample: ENDPOINT_EXAMPLE,
    },
    access: "manageWebhooks",
  })
  .input(WebhookPath)
  .output(WebhookSchema)
  .query(({ ctx, input }) => ctx.webhooks.get(input.webhookId, ctx.actor));

/** An update's example: pausing an endpoint. */
const UPDATE_EXAMPLE = { enabled: false };

export const update = publicProcedure
  .meta({
    openapi: {
      method: "PUT",
      path: "/webhooks/{webhookId}",
      operationId: "updateWebhook",
      summary: "Change an endpoint",
      description:
        "Partial update: only the fields sent change. `enabled: false` pauses it: nothing is sent while disabled, and enabling it " +
        "again sends no backlog.",
      tags: TAG,
    },
    rest: {
      success: 200,
      description: "The changed endpoint.",
      errors: { ...JSON_WRITE_ERRORS, 400: MALFORMED, 404: WEBHOOK_NOT_FOUND, 422: INVALID_ENDPOINT },
      personal: true,
      responseExample: { ...ENDPOINT_EXAMPLE, ...UPDATE_EXAMPLE },
    },
    access: "manageWebhooks",
  })
  .input(UpdateWebhookInputSchema.extend({ webhookId: PathWebhookId }).meta({ examples: [UPDATE_EXAMPLE] }))
  .output(WebhookSchema)
  .mutation(({ ctx, input: { webhookId, ...changes } }) => ctx.webhooks.update(webhookId, changes, ctx.actor));

export const remove = publicProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/webhooks/{webhookId}",
      operationId: "deleteWebhook",
      summary: "Delete an endpoint",
      description: "Nothing more is sent to it, and its deliveries log goes with it.",
      tags: TAG,
    },
    rest: { success: 204, description: "Deleted; no body.", errors: { ...BODYLESS_WRITE_ERRORS, 404: WEBHOOK_NOT_FOUND } },
    access: "manageWebhooks",
  })
  .input(WebhookPath)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.webhooks.delete(input.webhookId, ctx.actor);
  });

export const rotateSecret = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhooks/{webhookId}/secret",
      operationId: "rotateWebhookSecret",
      summary: "Rotate an endpoint's secret",
      description:
        "A new signing secret. Every secret made in the last 24 hours keeps signing too (one `webhook-signature` entry each), so " +
        `receivers can switch without missing a message. ${SECRET_NOTE}`,
      tags: TAG,
    },
    rest: {
      success: 201,
      description: "The new secret.",
      errors: { ...BODYLESS_WRITE_ERRORS, 404: WEBHOOK_NOT_FOUND },
      personal: true,
    },
    access: "manageWebhooks",
  })
  .input(WebhookPath)
  .output(RotatedSecretSchema)
  .mutation(({ ctx, input }) => ctx.webhooks.rotateSecret(input.webhookId, ctx.actor));

/** A delivery's example, consistent with itself: delivered at its first attempt, nothing more to come. */
const DELIVERED_EXAMPLE = {
  status: "delivered",
  attempts: [{ at: "2024-11-23T22:56:00.412Z", durationMs: 182, status: 200 }],
  nextAttemptAt: null,
};

export const deliveries = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/webhooks/{webhookId}/deliveries",
      operationId: "listWebhookDeliveries",
      summary: "List an endpoint's deliveries",
      description:
        "Every message sent (or to be sent) to this endpoint, newest first: its `status` (`pending`, `delivered`, `failed`), each " +
        "attempt (when, the HTTP status or the network error, how long it took) and when the next is due. Filter with `status`; " +
        "paginated with `limit`, `cursor` and the `Link` header. Kept 30 days.",
      tags: TAG,
    },
    rest: {
      ...listContract("The deliveries, as a JSON array.", {
        ...PERSONAL_READ_ERRORS,
        404: WEBHOOK_NOT_FOUND,
        422: badQuery({ status: "lost" }),
      }),
      personal: true,
      responseExample: DELIVERED_EXAMPLE,
    },
    access: "manageWebhooks",
  })
  .input(ListDeliveriesInputSchema.extend({ webhookId: PathWebhookId }))
  .output(DeliveryPageSchema)
  .query(({ ctx, input: { webhookId, ...query } }) => ctx.webhooks.deliveries(webhookId, query, ctx.actor));

export const retry = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/webhooks/{webhookId}/deliveries/{messageId}/retry",
      operationId: "retryWebhookDelivery",
      summary: "Send a message again",
      description:
        "One attempt now, whatever the delivery's state (a `failed` one too): a 2xx makes it `delivered`, anything else leaves it " +
        "as it was. The receiver gets the same `webhook-id`.",
      tags: TAG,
    },
    rest: {
      success: 202,
      description: "Accepted: the attempt is made now (its outcome appears in the deliveries log); no body.",
      errors: {
        ...BODYLESS_WRITE_ERRORS,
        404: {
          description: "No such endpoint (or another person's), or the endpoint never had this message.",
          details: {
            noSuchWebhook: new WebhookNotFoundError("").message,
            noSuchDelivery: new DeliveryNotFoundError("", "").message,
          },
        },
      },
    },
    access: "manageWebhooks",
  })
  .input(z.object({ webhookId: PathWebhookId, messageId: PathMessageId }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.webhooks.retry(input.webhookId, input.messageId, ctx.actor);
  });

export const webhooksRouter = router({ create, list, get, update, delete: remove, rotateSecret, deliveries, retry });

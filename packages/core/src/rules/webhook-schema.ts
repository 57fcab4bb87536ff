/**
 * The webhooks' shapes as zod schemas: endpoints as clients create, change and
 * read them, the deliveries log, and the messages receivers get. Built from
 * webhook-fields.ts and the event's shared rules, so the OpenAPI document, the
 * client's types and the README follow one definition.
 */
import { z } from "zod";
import {
  EventIdSchema,
  EventSchema,
  ListCursorSchema,
  ListLimitSchema,
  required,
  strict,
  textSchema,
  timestamp,
  UserIdSchema,
} from "./event-schema.js";
import { RegistrationSchema } from "./registration-schema.js";
import {
  DELIVERY_STATUSES,
  MESSAGE_TYPES,
  SECRET_PREFIX,
  WEBHOOK_DESCRIPTION_LIMITS,
  WEBHOOK_URL_MAX_LENGTH,
} from "./webhook-fields.js";

/** Server-made ids: `wh_…` for endpoints, `msg_…` for messages (time-ordered). */
export const WEBHOOK_ID_PATTERN = /^wh_[0-9A-Za-z]{10,40}$/;
export const MESSAGE_ID_PATTERN = /^msg_[0-9A-Za-z]{10,40}$/;

export const WebhookIdSchema = z
  .string({ error: required("a string") })
  .regex(WEBHOOK_ID_PATTERN, { error: "is not a webhook id" })
  .meta({ description: "The endpoint's id (server-made).", examples: ["wh_01JD8Z3V5X9M2Q4R6T8W0Y2A4C"] });

export const MessageIdSchema = z
  .string({ error: required("a string") })
  .regex(MESSAGE_ID_PATTERN, { error: "is not a message id" })
  .meta({
    description: "The message's id: the `webhook-id` header, the same on every attempt (receivers drop duplicates by it).",
    examples: ["msg_01JD8Z4B7C9D1E3F5G7H9J1K3M"],
  });

export const MessageTypeSchema = z
  .enum(MESSAGE_TYPES, { error: required(`one of ${MESSAGE_TYPES.join(", ")}`) })
  .meta({ description: "What happened.", examples: ["registration.promoted"] });

export const DeliveryStatusSchema = z
  .enum(DELIVERY_STATUSES, { error: required(`one of ${DELIVERY_STATUSES.join(", ")}`) })
  .meta({
    description: "`pending`: not delivered yet, more attempts to come. `delivered`: an attempt got a 2xx. `failed`: no more attempts.",
    examples: ["delivered"],
  });

const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an absolute https URL" })
  .max(WEBHOOK_URL_MAX_LENGTH, { error: `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters` })
  .meta({
    description:
      "Where messages are POSTed: an absolute `https` URL (where the API runs locally, `http` and loopback addresses too). " +
      "Deployed, an address inside the API's own network (loopback, private, link-local, metadata) is refused.",
    examples: ["https://hooks.example.com/events"],
  });

const TypesSchema = z
  .array(MessageTypeSchema, { error: required("a list of message types") })
  .min(1, { error: "must name at least one type (leave it out for all of them)" })
  .meta({ description: "The message types sent to it; all of them when left out on create.", examples: [["registration.created", "registration.promoted"]] });

const DescriptionSchema = textSchema(WEBHOOK_DESCRIPTION_LIMITS, "What the endpoint is for.", "Promotions to the mailing system");

const EnabledSchema = strict(
  z.boolean({ error: required("true or false") }).meta({ description: "Whether messages are sent to it (`true` on create).", examples: [true] }),
);

export const SecretSchema = z
  .string()
  .meta({
    description: `The signing secret: \`${SECRET_PREFIX}\` + base64 of random bytes, as the Standard Webhooks libraries take it. Shown once.`,
    examples: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
  });

export const CreateWebhookInputSchema = z
  .strictObject({
    url: WebhookUrlSchema,
    types: TypesSchema.optional(),
    eventId: EventIdSchema.optional().meta({ description: "Only this event's messages.", examples: ["tech-conf-2024"] }),
    description: DescriptionSchema.optional(),
  })
  .meta({ id: "NewWebhook", description: "An endpoint to send messages to." });
export type CreateWebhookInput = z.infer<typeof CreateWebhookInputSchema>;

export const UpdateWebhookInputSchema = z
  .strictObject({
    url: WebhookUrlSchema.optional(),
    types: TypesSchema.optional(),
    enabled: EnabledSchema.optional(),
    description: DescriptionSchema.optional(),
  })
  .meta({ id: "WebhookChanges", description: "The fields to change; the others stay." });
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInputSchema>;

export const WebhookSchema = z
  .strictObject({
    webhookId: WebhookIdSchema,
    url: WebhookUrlSchema,
    types: z.array(MessageTypeSchema),
    eventId: EventIdSchema.optional().meta({ description: "Only this event's messages (absent: every event the creator may see)." }),
    description: DescriptionSchema.optional(),
    enabled: EnabledSchema,
    ownerId: UserIdSchema.optional().meta({
      description: "The person who created it (it gets only their events' messages); absent for a service's (every event).",
    }),
    createdAt: timestamp("When it was created (UTC)."),
    updatedAt: timestamp("When it last changed (UTC)."),
  })
  .meta({ id: "Webhook", description: "An endpoint messages are sent to (never with its secret)." });
export type Webhook = z.infer<typeof WebhookSchema>;

export const CreatedWebhookSchema = WebhookSchema.extend({ secret: SecretSchema }).meta({
  id: "CreatedWebhook",
  description: "The endpoint just created, with its signing secret: the only time it is shown.",
});
export type CreatedWebhook = z.infer<typeof CreatedWebhookSchema>;

export const RotatedSecretSchema = z.strictObject({ secret: SecretSchema }).meta({
  id: "WebhookSecret",
  description: "The new signing secret. The previous ones keep signing too, for 24 hours from when each was made.",
});
export type RotatedSecret = z.infer<typeof RotatedSecretSchema>;

const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." });

export const ListWebhooksInputSchema = z.object({ limit: ListLimitSchema, cursor: ListCursorSchema });
export type ListWebhooksInput = z.infer<typeof ListWebhooksInputSchema>;

export const WebhookPageSchema = z.strictObject({ items: z.array(WebhookSchema), nextCursor }).meta({ id: "WebhookPage" });
export type WebhookPage = z.infer<typeof WebhookPageSchema>;

export const DeliveryAttemptSchema = z
  .strictObject({
    at: timestamp("When the attempt started (UTC)."),
    durationMs: z.int().min(0).meta({ description: "How long it took.", examples: [182] }),
    status: z.int().optional().meta({ description: "The HTTP status the endpoint answered with.", examples: [200] }),
    error: z.string().optional().meta({ description: "The network error or time-out, when there was no answer.", examples: ["timed out after 10 s"] }),
  })
  .meta({ id: "DeliveryAttempt", description: "One attempt: `status` when the endpoint answered, `error` when it did not." });
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

export const DeliverySchema = z
  .strictObject({
    messageId: MessageIdSchema,
    type: MessageTypeSchema,
    status: DeliveryStatusSchema,
    attempts: z.array(DeliveryAttemptSchema).meta({ description: "Every attempt, oldest first." }),
    nextAttemptAt: timestamp("When the next attempt is due (UTC); null once `delivered` or `failed`.").nullable(),
    createdAt: timestamp("When the change happened (UTC): the message's `timestamp`."),
  })
  .meta({ id: "Delivery", description: "One message to one endpoint, and what became of it." });
export type Delivery = z.infer<typeof DeliverySchema>;

export const ListDeliveriesInputSchema = z.object({
  status: DeliveryStatusSchema.optional().meta({ description: "Only deliveries with this status." }),
  limit: ListLimitSchema,
  cursor: ListCursorSchema,
});
export type ListDeliveriesInput = z.infer<typeof ListDeliveriesInputSchema>;

export const DeliveryPageSchema = z.strictObject({ items: z.array(DeliverySchema), nextCursor }).meta({ id: "DeliveryPage" });
export type DeliveryPage = z.infer<typeof DeliveryPageSchema>;

/** A message's body as receivers get it (Standard Webhooks): what happened, when, and the thing it happened to. */
const message = <T extends z.ZodType>(types: readonly (typeof MESSAGE_TYPES)[number][], data: T) =>
  z.strictObject({
    type: z.enum(types as [string, ...string[]]),
    timestamp: timestamp("When the change committed (UTC)."),
    data,
  });

export const EventMessageSchema = message(["event.created", "event.updated", "event.deleted"], EventSchema).meta({
  id: "EventMessage",
  description: "`event.created`, `event.updated`: the event after the change. `event.deleted`: the event as it was.",
});
export const RegistrationMessageSchema = message(["registration.created", "registration.promoted", "registration.cancelled"], RegistrationSchema).meta({
  id: "RegistrationMessage",
  description:
    "`registration.created`: the new registration (`position` when waitlisted). `registration.promoted`: now `registered`. " +
    "`registration.cancelled`: the registration as it was.",
});
export const WebhookMessageSchema = z.union([EventMessageSchema, RegistrationMessageSchema]).meta({ id: "WebhookMessage" });

/** What a receiver parses: `data` is typed by `type`. */
export type WebhookMessage =
  | { type: "event.created" | "event.updated" | "event.deleted"; timestamp: string; data: z.infer<typeof EventSchema> }
  | { type: "registration.created" | "registration.promoted" | "registration.cancelled"; timestamp: string; data: z.infer<typeof RegistrationSchema> };

/**
 * The registration's shapes as zod schemas: what clients send, what they get
 * back, how lists are asked for. Built from fields.ts and the event's shared
 * rules (ids, text, list limits and cursors), so a rule changed there changes
 * here too.
 */
import { z } from "zod";
import {
  EventDateSchema,
  EventIdSchema,
  EventStatusSchema,
  ListCursorSchema,
  ListLimitSchema,
  eventFields,
  strict,
  textSchema,
  timestamp,
  UserIdSchema,
} from "./event-schema.js";
import { EMAIL_MAX_LENGTH, NAME_LIMITS, REGISTRATION_STATUSES } from "./registration-fields.js";


export const RegistrationStatusSchema = z
  .enum(REGISTRATION_STATUSES, { error: `must be one of ${REGISTRATION_STATUSES.join(", ")}` })
  .meta({ description: "`registered`: holds a place. `waitlisted`: in line for one.", examples: ["registered"] });

const registrationFields = {
  userId: UserIdSchema,
  name: textSchema(NAME_LIMITS, "The person's name.", "Ada Lovelace").optional(),
  email: z
    .email({ error: "must be an e-mail address" })
    .max(EMAIL_MAX_LENGTH, { error: `must be at most ${EMAIL_MAX_LENGTH} characters` })
    .optional()
    .meta({ description: "The person's e-mail address.", examples: ["ada@example.com"] }),
};

export const CreateRegistrationInputSchema = z
  .strictObject(registrationFields)
  .meta({ id: "NewRegistration", description: "A person to register for the event." });
export type CreateRegistrationInput = z.infer<typeof CreateRegistrationInputSchema>;

export const RegistrationSchema = z
  .strictObject({
    eventId: EventIdSchema,
    ...registrationFields,
    status: RegistrationStatusSchema,
    position: strict(z.int().min(1))
      .optional()
      .meta({ description: "Present only while `waitlisted`: 1 for the first in line.", examples: [1] }),
    createdAt: timestamp("When the person registered (UTC)."),
    updatedAt: timestamp("When the registration last changed (UTC): when a waitlisted person got a place."),
  })
  .meta({ id: "Registration", description: "A person's registration for an event." });
export type Registration = z.infer<typeof RegistrationSchema>;

/** The event as it is now, beside a registration in a user's list. */
export const RegistrationEventSummarySchema = z
  .strictObject({
    eventId: EventIdSchema,
    title: eventFields.title,
    date: EventDateSchema,
    status: EventStatusSchema,
  })
  .meta({ id: "RegistrationEventSummary" });

export const UserRegistrationSchema = RegistrationSchema.extend({ event: RegistrationEventSummarySchema }).meta({
  id: "UserRegistration",
  description: "A registration with the event it is for, as the event is now.",
});
export type UserRegistration = z.infer<typeof UserRegistrationSchema>;

const statusFilter = RegistrationStatusSchema.optional().meta({ description: "Only registrations with this status." });

export const ListRegistrationsInputSchema = z.object({ status: statusFilter, limit: ListLimitSchema, cursor: ListCursorSchema });
export type ListRegistrationsInput = z.infer<typeof ListRegistrationsInputSchema>;

export const ListUserRegistrationsInputSchema = z.object({ status: statusFilter, limit: ListLimitSchema, cursor: ListCursorSchema });
export type ListUserRegistrationsInput = z.infer<typeof ListUserRegistrationsInputSchema>;

const nextCursor = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." });

export const RegistrationPageSchema = z
  .strictObject({ items: z.array(RegistrationSchema), nextCursor })
  .meta({ id: "RegistrationPage" });
export type RegistrationPage = z.infer<typeof RegistrationPageSchema>;

export const UserRegistrationPageSchema = z
  .strictObject({ items: z.array(UserRegistrationSchema), nextCursor })
  .meta({ id: "UserRegistrationPage" });
export type UserRegistrationPage = z.infer<typeof UserRegistrationPageSchema>;

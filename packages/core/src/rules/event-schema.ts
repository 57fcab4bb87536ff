/**
 * The event's shapes as zod schemas: what clients send, what they get back and
 * how lists are asked for. Built from the rules in fields.ts and date.ts; the
 * tRPC procedures validate with them and the OpenAPI document is generated
 * from them, so a limit changed there changes everywhere.
 */
import { z } from "zod";
import {
  CAPACITY_LIMITS,
  EVENT_ID_RULE,
  EVENT_ID_CHARSET,
  isDotSegment,
  EVENT_STATUSES,
  LIST_LIMITS,
  TEXT_LIMITS,
  textRuleProblem,
  type TextField,
} from "./event-fields.js";
import { isEventDate } from "./date.js";
import { SAMPLE_EVENT } from "./sample.js";

/** Messages read after the field name: "capacity: must be an integer from 1 to 100000". */
export const required = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${expected}`;

/** A text field under the text rule (fields.ts) with these length limits. */
export const textSchema = (limits: { min: number; max: number }, description: string, example: string) =>
  z
    .string({ error: required("a string") })
    .check((ctx) => {
      const problem = textRuleProblem(limits, ctx.value);
      if (problem) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
    })
    .meta({ description, examples: [example], minLength: limits.min, maxLength: limits.max });

const text = (field: TextField, description: string, example: string) => textSchema(TEXT_LIMITS[field], description, example);

/** An id that is a URL path segment as it is: the rule of event ids and user ids. */
export const urlSafeIdSchema = (meta: { description: string; example: string }) =>
  z
    .string({ error: required("a string") })
    .regex(EVENT_ID_CHARSET, {
      error: `must be ${EVENT_ID_RULE}`,
    })
    .refine((id) => !isDotSegment(id), { error: 'must not be "." or ".." (a URL cannot address them)' })
    .meta({ description: meta.description, examples: [meta.example] });

export const EventIdSchema = urlSafeIdSchema({
  description: `The event's id: ${EVENT_ID_RULE} (not \`.\` or \`..\`), case-sensitive, immutable.`,
  example: "tech-conf-2024",
});

/** A person's id: the calling application's (or the identity provider's) id for them. */
export const UserIdSchema = urlSafeIdSchema({
  description: `The calling application's id for the person: ${EVENT_ID_RULE} (not \`.\` or \`..\`), case-sensitive.`,
  example: "user-42",
});

export const EventStatusSchema = z
  .enum(EVENT_STATUSES, { error: required(`one of ${EVENT_STATUSES.join(", ")}`) })
  .meta({ description: "Where the event is in its life.", examples: ["published"] });

export const EventDateSchema = z
  .string({ error: required("a string") })
  .refine(isEventDate, {
    error: "must be a real ISO 8601 date (2024-12-15) or date-time (2024-12-15T18:30:00Z, 2024-12-15T18:30:00+02:00)",
  })
  .meta({
    description:
      "ISO 8601 calendar date or date-time (with `Z`, an offset, or neither for UTC). Returned exactly as sent; " +
      "ordered by the instant it names, a calendar date counting as its midnight UTC.",
    examples: [SAMPLE_EVENT.date],
  });

/**
 * A number or boolean field that stays strict under tools that coerce.
 * trpc-to-openapi switches on zod's `coerce` for every number and boolean it
 * can reach in an input (so that query strings parse), request bodies
 * included, and it does so by mutating the schema, which tRPC shares. A pipe
 * is opaque to that, so `"500"` and `"no"` stay strings and are rejected.
 * Every number and boolean of a body goes through here (a query string is
 * text: ListLimitSchema reads it as a number on purpose).
 */
export function strict<S extends z.ZodNumber>(schema: S): z.ZodPipe<S, S>;
export function strict<S extends z.ZodBoolean>(schema: S): z.ZodPipe<S, S>;
export function strict(schema: z.ZodType) {
  return schema.pipe(schema);
}

const count = (description: string) =>
  strict(z.int().min(0).meta({ description: `${description} Read-only.`, examples: [0] }));

const capacityRule = `an integer from ${CAPACITY_LIMITS.min} to ${CAPACITY_LIMITS.max}`;
export const CapacitySchema = strict(
  z
    .number({ error: required(capacityRule) })
    .int({ error: `must be ${capacityRule}` })
    .min(CAPACITY_LIMITS.min, { error: `must be ${capacityRule}` })
    .max(CAPACITY_LIMITS.max, { error: `must be ${capacityRule}` })
    .meta({ description: "How many people can attend.", examples: [SAMPLE_EVENT.capacity] }),
);

export const VersionSchema = strict(
  z
    .int({ error: required("a positive integer") })
    .min(1, { error: "must be a positive integer" })
    .meta({ description: "Increases by one on every change; the `ETag` of the event.", examples: [1] }),
);

export const timestamp = (description: string) =>
  z.string().meta({ description, examples: ["2024-11-23T22:56:00.000Z"], format: "date-time" });

/** The fields a client writes. */
export const eventFields = {
  title: text("title", "What the event is called.", SAMPLE_EVENT.title),
  description: text("description", "What happens there.", SAMPLE_EVENT.description),
  date: EventDateSchema,
  location: text("location", "Where it happens.", SAMPLE_EVENT.location),
  capacity: CapacitySchema,
  organizer: text("organizer", "Who runs it.", SAMPLE_EVENT.organizer),
  status: EventStatusSchema,
  waitlistEnabled: strict(
    z
      .boolean({ error: required("true or false") })
      .meta({ description: "Whether a full event takes people onto its waitlist.", examples: [false] }),
  ),
  // Absent (not null) when the event has no owner, as a registration's optional fields are.
  ownerId: UserIdSchema.optional().meta({
    description:
      "The userId of the person who manages the event: whoever created it. Only a service may set or change it; " +
      "absent when only services manage the event.",
    examples: ["user-42"],
  }),
};

/** The read-only fields the server sets. */
const serverFields = {
  registeredCount: count("The people holding a place."),
  waitlistCount: count("The people in line."),
  createdAt: timestamp("When the event was created (UTC, set by the server)."),
  updatedAt: timestamp("When the event last changed (UTC, set by the server)."),
  version: VersionSchema,
};

export const EventSchema = z
  .strictObject({ eventId: EventIdSchema, ...eventFields, ...serverFields })
  .meta({ id: "Event", description: "A stored event." });
export type Event = z.infer<typeof EventSchema>;

export const CreateEventInputSchema = z
  .strictObject({
    eventId: EventIdSchema.optional().meta({
      description: "Optional custom id; a UUID is generated when absent. Must not exist yet.",
      examples: ["tech-conf-2024"],
    }),
    ...eventFields,
    status: EventStatusSchema.optional().meta({ description: "Defaults to `draft`.", examples: ["published"] }),
    waitlistEnabled: eventFields.waitlistEnabled.optional().meta({ description: "Defaults to `false`.", examples: [true] }),
  })
  .meta({ id: "NewEvent", description: "An event to create." });
export type CreateEventInput = z.infer<typeof CreateEventInputSchema>;

/**
 * A partial update: every writable field optional, and no defaults (a default
 * here would overwrite the stored value of a field the client did not send).
 * The read-only fields a GET returned may be echoed back; they are ignored.
 */
/** Fields the server sets; a client may echo them back in an update, where they are ignored. */
export const READ_ONLY_FIELDS = Object.keys(serverFields) as (keyof typeof serverFields)[];

const ignored = (field: keyof typeof serverFields) =>
  field === "version" ? "Ignored (read-only); use `If-Match` or `expectedVersion`." : "Ignored (read-only).";

export const EventChangesSchema = z.strictObject(eventFields).partial().extend(
  Object.fromEntries(READ_ONLY_FIELDS.map((field) => [field, serverFields[field].optional().meta({ description: ignored(field) })])) as {
    [F in keyof typeof serverFields]: z.ZodOptional<(typeof serverFields)[F]>;
  },
);
export type EventChanges = z.infer<typeof EventChangesSchema>;

/** An optional precondition on a write: the version the caller last saw. */
export const ExpectedVersionSchema = VersionSchema.optional().meta({
  description:
    "Apply the change only if the event is still at this version (412 otherwise). Same as the `If-Match` header.",
  examples: [1],
});

const limitRule = `must be an integer from ${LIST_LIMITS.min} to ${LIST_LIMITS.max}`;
/** A list's page size. Query strings carry text: the limit is read as a number on purpose. */
export const ListLimitSchema = z.coerce
  .number({ error: limitRule })
  .int({ error: limitRule })
  .min(LIST_LIMITS.min, { error: limitRule })
  .max(LIST_LIMITS.max, { error: limitRule })
  .optional()
  .meta({ description: `Page size (default ${LIST_LIMITS.default}).`, examples: [LIST_LIMITS.default] });

/** Where a list's next page starts, as the previous page returned it. */
export const ListCursorSchema = z
  .string({ error: "must be a string" })
  .max(1024, { error: "is not a valid cursor" })
  .optional()
  .meta({ description: "Where the next page starts: the `nextCursor` (or `Link` rel=next) of the previous page." });

/**
 * A list query. Unknown parameters are ignored, not rejected: clients and
 * caches add their own (`?_=1700000000`).
 */
export const ListEventsInputSchema = z.object({
  status: EventStatusSchema.optional().meta({ description: "Only events with this status." }),
  from: EventDateSchema.optional().meta({
    description: "Only events at or after this date/date-time (inclusive).",
    examples: ["2024-01-01"],
  }),
  to: EventDateSchema.optional().meta({
    description: "Only events at or before this date/date-time (inclusive; a calendar date is its midnight UTC).",
    examples: ["2024-12-31"],
  }),
  limit: ListLimitSchema,
  cursor: ListCursorSchema,
});
export type ListEventsInput = z.infer<typeof ListEventsInputSchema>;

export const EventPageSchema = z
  .strictObject({
    items: z.array(EventSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "EventPage" });
export type EventPage = z.infer<typeof EventPageSchema>;

/**
 * The router's type as a client sees it: each procedure's input, output and
 * error shape, without the server's context and metadata types (the event
 * service, trpc-to-openapi's metadata), which a client never uses and which
 * would drag zod, trpc-to-openapi and the core package into the published .d.ts.
 *
 * The type is inferred from a function (never called) so that the compiler
 * writes it out in full in the declaration file, instead of naming the server's
 * types; the built .d.ts then needs @trpc/server's types and nothing else.
 * Any other type the client takes from the server belongs here too, derived from
 * AppRouter (e.g. from its error shape): a type imported from @events/api or
 * @events/core elsewhere fails the build (the declaration bundler cannot inline
 * those packages, MISSING_EXPORT) or, if it got through, package.test.ts.
 */
import type {
  AnyTRPCProcedure,
  inferRouterInputs,
  inferRouterOutputs,
  AnyTRPCRouter,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCSubscriptionProcedure,
} from "@trpc/server";
import type { ApiErrorCode, AppRouter as ServerRouter, TRPC_MAX_BATCH_SIZE } from "@events/api";
import type { READ_ONLY_FIELDS } from "@events/core";

/** A type written out in full (an interface of the server's, such as its field error, becomes a plain object type). */
type Plain<T> = T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

type Definition<P> = P extends { _def: { $types: infer T extends { input: unknown; output: unknown; errorShape: unknown } } }
  ? { input: T["input"]; output: T["output"]; errorShape: Plain<T["errorShape"]>; meta: object }
  : never;

type ClientProcedure<P> = P extends { _def: { type: "query" } }
  ? TRPCQueryProcedure<Definition<P>>
  : P extends { _def: { type: "mutation" } }
    ? TRPCMutationProcedure<Definition<P>>
    : P extends { _def: { type: "subscription" } }
      ? TRPCSubscriptionProcedure<Definition<P>>
      : never;

type ClientEntry<V> = V extends AnyTRPCProcedure ? ClientProcedure<V> : { [K in keyof V]: ClientEntry<V[K]> };

type RootTypes<R extends AnyTRPCRouter> = R["_def"]["_config"]["$types"];

declare function clientView<R extends AnyTRPCRouter>(
  router: R,
): TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: Plain<RootTypes<R>["errorShape"]>; transformer: RootTypes<R>["transformer"] },
  { [K in keyof R["_def"]["record"]]: ClientEntry<R["_def"]["record"][K]> }
>;
declare const serverRouter: ServerRouter;
function routerForClients() {
  return clientView(serverRouter);
}

/** The API's router, as a client needs it: `createTRPCClient<AppRouter>(…)`, `createTRPCContext<AppRouter>()`. */
export type AppRouter = ReturnType<typeof routerForClients>;

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

// The domain's types, as the procedures take and return them (one source: the router).
/** An event, as the API returns it. */
export type Event = Outputs["events"]["get"];
/** A page of a list: `{ items, nextCursor }` (`nextCursor` is null on the last page). */
export type EventPage = Outputs["events"]["list"];
export type EventStatus = Event["status"];
/** What `events.create` takes. */
export type CreateEventInput = Inputs["events"]["create"];
/** What `events.list` takes: `status`, `from`, `to`, `limit`, `cursor`. */
export type ListEventsInput = NonNullable<Inputs["events"]["list"]>;
/** The fields `events.update` changes (all optional). */
export type EventChanges = Omit<Inputs["events"]["update"], "eventId" | "expectedVersion">;

/** A registration: `registered`, or `waitlisted` with its `position` (1 first in line). */
export type Registration = Outputs["registrations"]["get"];
/** A page of an event's registrations: registered people in the order they got their place, then the line. */
export type RegistrationPage = Outputs["registrations"]["list"];
/** A registration with its event as it is now (a user's list). */
export type UserRegistration = Outputs["registrations"]["listByUser"]["items"][number];
/** A page of a user's registrations, ordered by the event's date. */
export type UserRegistrationPage = Outputs["registrations"]["listByUser"];
/** What `registrations.create` takes: the path's `eventId` and the person (`userId`, optional `name`, `email`). */
export type CreateRegistrationInput = Inputs["registrations"]["create"];
/** What `registrations.list` takes: `eventId`, `status`, `limit`, `cursor`. */
export type ListRegistrationsInput = Inputs["registrations"]["list"];
/** What `registrations.listByUser` takes: `userId`, `limit`, `cursor`. */
export type ListUserRegistrationsInput = Inputs["registrations"]["listByUser"];

/** A webhook endpoint, as the API returns it (never with its secret). */
export type Webhook = Outputs["webhooks"]["get"];
/** The endpoint just created, with its signing secret (`whsec_…`): the only time it is shown. */
export type CreatedWebhook = Outputs["webhooks"]["create"];
/** A page of endpoints. */
export type WebhookPage = Outputs["webhooks"]["list"];
/** What `webhooks.create` takes: `url`, and optional `types`, `eventId`, `description`. */
export type CreateWebhookInput = Inputs["webhooks"]["create"];
/** The fields `webhooks.update` changes (all optional). */
export type WebhookChanges = Omit<Inputs["webhooks"]["update"], "webhookId">;
/** Every message type (`event.created`, `registration.promoted`, …). */
export type WebhookMessageType = Webhook["types"][number];
/** One message to one endpoint, and what became of it (status, attempts, next attempt). */
export type Delivery = Outputs["webhooks"]["deliveries"]["items"][number];
/** A page of an endpoint's deliveries, newest first. */
export type DeliveryPage = Outputs["webhooks"]["deliveries"];

/**
 * A message's body as a receiver parses it (after verifying its signature): `data` is typed by `type`,
 * an Event for `event.*`, a Registration for `registration.*`.
 */
export type WebhookMessage =
  | { type: Extract<WebhookMessageType, `event.${string}`>; timestamp: string; data: Event }
  | { type: Extract<WebhookMessageType, `registration.${string}`>; timestamp: string; data: Registration };

/** Written out member by member (a union the server names becomes its literals). */
type Literals<T> = T extends string ? `${T}` : never;
declare const apiErrorCode: Literals<ApiErrorCode>;
declare const readOnlyField: Literals<(typeof READ_ONLY_FIELDS)[number]>;
const errorCodeForClients = () => apiErrorCode;
const readOnlyFieldForClients = () => readOnlyField;
declare const maxBatchSize: typeof TRPC_MAX_BATCH_SIZE;
const maxBatchSizeForClients = () => maxBatchSize;

/** The error codes the API answers with: its error table's, so a new one is known here at once. */
export type EventsErrorCode = ReturnType<typeof errorCodeForClients>;
/** The fields the server sets (`createdAt`, `updatedAt`, `version`): never sent in a change. */
export type ReadOnlyField = ReturnType<typeof readOnlyFieldForClients>;
/** The most calls the server takes in one batched request (a larger batch is refused whole). */
export type MaxBatchSize = ReturnType<typeof maxBatchSizeForClients>;

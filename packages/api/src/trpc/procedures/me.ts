/** `GET /me`: who the API takes the caller to be (a person from their token, a service, or, in open mode, anyone). */
import { z } from "zod";
import type { Caller } from "@events/identity";
import { publicProcedure, router } from "../init.js";
import { CREDENTIAL_NEEDED, IDENTITY_UNAVAILABLE } from "./common-errors.js";

export const MeSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("person").meta({ examples: ["person"] }),
      userId: z.string().meta({ description: "The person's userId (the token's `sub`, or the configured claim).", examples: ["alice"] }),
      name: z.string().optional().meta({ description: "The token's `name` claim, when present.", examples: ["Alice Example"] }),
      email: z.string().optional().meta({ description: "The token's `email` claim, when present.", examples: ["alice@example.com"] }),
    }),
    z.object({ kind: z.literal("service").meta({ examples: ["service"] }) }),
    z.object({ kind: z.literal("anyone").meta({ description: "Open mode only: nobody needs to say who they are.", examples: ["anyone"] }) }),
  ])
  .meta({ id: "Me", description: "Who the API takes the caller to be." });
export type Me = z.infer<typeof MeSchema>;

/** The caller as `/me` shows it: a service's key id stays the server's business. */
export function meOf(caller: Caller): Me {
  if (caller.kind === "person") return caller.name === undefined && caller.email === undefined
    ? { kind: "person", userId: caller.userId }
    : { kind: "person", userId: caller.userId, ...(caller.name && { name: caller.name }), ...(caller.email && { email: caller.email }) };
  return { kind: caller.kind };
}

export const get = publicProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/me",
      operationId: "getMe",
      summary: "Who am I",
      description:
        "Who the API takes the caller to be: a person (`userId`, and `name` and `email` from the access token when present) " +
        "or a service. Secured mode: 401 without a credential. Open mode: `{\"kind\": \"anyone\"}`.",
      tags: ["identity"],
    },
    rest: {
      success: 200,
      description: "The caller.",
      errors: { 401: CREDENTIAL_NEEDED, 503: IDENTITY_UNAVAILABLE },
      personal: true,
      responseExample: { kind: "person", userId: "alice", name: "Alice Example", email: "alice@example.com" },
    },
    access: "whoAmI",
  })
  .input(z.object({}).optional())
  .output(MeSchema)
  .query(({ ctx }) => meOf(ctx.caller));

export const meRouter = router({ get });

/**
 * A person's calendar feed at a secret address (`/calendars/{token}.ics`, for
 * calendar apps that cannot send a token): issued and revoked here, served
 * beside the other feeds (http/feeds.ts).
 */
import { z } from "zod";
import { UserIdSchema } from "@events/core";
import { SECRET_FEED_PATH } from "../../protocol/calendar/index.js";
import { fillPath } from "../../protocol/rest-contract.js";
import { publicProcedure, router } from "../init.js";
import { ANOTHERS_DATA_FORBIDDEN, BODYLESS_WRITE_ERRORS } from "./common-errors.js";

const TAG = ["calendar"];

export const CalendarAddressSchema = z
  .strictObject({
    url: z.string().meta({
      description: "The feed's secret address: whoever has it reads this person's calendar, so keep it private.",
      examples: ["https://api.example.com/calendars/q3Jx0aBcdEfGhIjKlMnOpQrStUvWxYz0123456789AB.ics"],
    }),
  })
  .meta({ id: "CalendarAddress", description: "A person's calendar feed at its secret address." });

const INVALID_USER = { description: "Invalid userId: `errors` names it.", invalid: { userId: ".." } };
const UserPath = z.object({ userId: UserIdSchema });

export const issue = publicProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/users/{userId}/calendar-token",
      operationId: "issueCalendarToken",
      summary: "Make a secret calendar address",
      description:
        "A new secret address of this person's calendar feed (`/users/{userId}/calendar.ics`), to paste into a calendar app: " +
        "no other credential is needed to read it. Each call replaces the previous address, which is a 404 from then on.",
      tags: TAG,
    },
    rest: { success: 201, description: "The new address.", errors: { ...BODYLESS_WRITE_ERRORS, 403: ANOTHERS_DATA_FORBIDDEN, 422: INVALID_USER }, personal: true },
    access: "userData",
  })
  .input(UserPath)
  .output(CalendarAddressSchema)
  .mutation(async ({ ctx, input }) => {
    const token = await ctx.calendarTokens.issue(input.userId);
    // Absolute, under the base path the client called (API Gateway stage, proxy prefix).
    return { url: `${new URL(ctx.url).origin}${ctx.basePath}${fillPath(SECRET_FEED_PATH, { token })}` };
  });

export const revoke = publicProcedure
  .meta({
    openapi: {
      method: "DELETE",
      path: "/users/{userId}/calendar-token",
      operationId: "revokeCalendarToken",
      summary: "Revoke the secret calendar address",
      description: "This person's secret calendar address stops working (404). Also 204 when there was none.",
      tags: TAG,
    },
    rest: { success: 204, description: "Revoked; no body.", errors: { ...BODYLESS_WRITE_ERRORS, 403: ANOTHERS_DATA_FORBIDDEN, 422: INVALID_USER } },
    access: "userData",
  })
  .input(UserPath)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await ctx.calendarTokens.revoke(input.userId);
  });

export const calendarRouter = router({ issueToken: issue, revokeToken: revoke });

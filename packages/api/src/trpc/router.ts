import { router } from "./init.js";
import { eventsRouter } from "./procedures/events.js";
import { calendarRouter } from "./procedures/calendar.js";
import { meRouter } from "./procedures/me.js";
import { registrationsRouter } from "./procedures/registrations.js";
import { webhooksRouter } from "./procedures/webhooks.js";

/** The API: served at /trpc, and as REST paths through the procedures' `meta.openapi` and `meta.rest`. */
export const appRouter = router({ events: eventsRouter, registrations: registrationsRouter, calendar: calendarRouter, me: meRouter, webhooks: webhooksRouter });

/** Import this type (only the type) into a client: `createTRPCClient<AppRouter>(...)`. */
export type AppRouter = typeof appRouter;

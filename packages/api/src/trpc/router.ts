import { router } from "./init.js";
import { eventsRestRouter, eventsRouter } from "./procedures/events.js";
import { registrationsRestRouter, registrationsRouter } from "./procedures/registrations.js";

/** The tRPC API, served at /trpc. */
export const appRouter = router({ events: eventsRouter, registrations: registrationsRouter });

/** Import this type (only the type) into a client: `createTRPCClient<AppRouter>(...)`. */
export type AppRouter = typeof appRouter;

/** The procedures served as REST paths (their `meta.openapi` and `meta.rest`). */
export const restRouter = router({ events: eventsRestRouter, registrations: registrationsRestRouter });

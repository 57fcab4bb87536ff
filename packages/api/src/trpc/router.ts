import { router } from "./init.js";
import { eventsRouter } from "./procedures/events.js";

/** The tRPC API, served at /trpc. */
export const appRouter = router({ events: eventsRouter });

/** Import this type (only the type) into a client: `createTRPCClient<AppRouter>(...)`. */
export type AppRouter = typeof appRouter;

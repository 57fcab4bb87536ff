/**
 * A component floor for cold starts: the raw handler plus zod, loaded and
 * used once (one object schema, one parse). What it adds to the raw handler
 * is what the validation library alone costs a cold start.
 */
import { z } from "zod";
import { handler as rawHandler } from "./raw-handler.js";

const Checked = z.object({ eventId: z.string().min(1).max(100) });

export async function handler(event: { rawPath: string }) {
  Checked.parse({ eventId: event.rawPath.split("/").pop() });
  return rawHandler(event);
}

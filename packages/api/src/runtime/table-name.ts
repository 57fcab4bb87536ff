/**
 * Which table the deployed function uses: the one SST links to it (deployed,
 * or live under `sst dev`), else DYNAMODB_TABLE_NAME. Neither is a
 * configuration error, reported as such rather than guessed.
 */
import { Resource } from "sst/resource";
import { ConfigError } from "../config.js";

/** The linked Events table's name, when SST links one to this process. */
export function linkedTableName(): string | undefined {
  const resources = Resource as unknown as Record<string, { name?: unknown } | undefined>;
  if (!("Events" in resources)) return undefined;
  const name = resources.Events?.name;
  return typeof name === "string" && name ? name : undefined;
}

export function resolveTableName(env: NodeJS.ProcessEnv = process.env, linked = linkedTableName): string {
  const name = linked() ?? env.DYNAMODB_TABLE_NAME;
  if (!name) {
    throw new ConfigError(
      "No events table: link the Events table to this function (sst deploy, or sst dev) or set DYNAMODB_TABLE_NAME",
    );
  }
  return name;
}

/**
 * The deployed function's API key for writes: the SST secret `ApiKey` linked
 * to it (`sst secret set ApiKey <value>`), else API_KEY, else none (writes open).
 */
import { Resource } from "sst/resource";

export function linkedApiKey(): string | undefined {
  const resources = Resource as unknown as Record<string, { value?: unknown } | undefined>;
  if (!("ApiKey" in resources)) return undefined;
  const value = resources.ApiKey?.value;
  return typeof value === "string" && value ? value : undefined;
}

export function resolveApiKey(env: NodeJS.ProcessEnv = process.env, linked = linkedApiKey): string | undefined {
  return linked() ?? (env.API_KEY || undefined);
}

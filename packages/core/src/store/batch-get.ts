/** BatchGetItem as the services use it: chunks of 100 keys (the store's limit), every key read. */
import { guard } from "./guard.js";

/** Every item found for `keys` (missing ones left out); unprocessed keys are retried by ElectroDB, any left over fail. */
export async function batchGet<K, T>(keys: K[], read: (keys: K[]) => Promise<{ data: T[]; unprocessed: unknown[] }>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    const { data, unprocessed } = await guard(() => read(keys.slice(i, i + 100)));
    if (unprocessed.length > 0) throw new Error(`${unprocessed.length} items were not read`);
    found.push(...data);
  }
  return found;
}

/** ElectroDB rejects `undefined` attribute values on create and in `set`: optional fields are left out instead. */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

import { SAMPLE_EVENT } from "@events/core";

/** A valid event body: the sample event (the schemas' example); override any field (with valid or invalid values). */
export function validEvent<T extends Record<string, unknown> = {}>(overrides: T = {} as T): Omit<typeof SAMPLE_EVENT, keyof T> & T {
  return { ...SAMPLE_EVENT, ...overrides };
}

/** The one valid event the tests build on; each suite overrides what it checks. */
const VALID_EVENT = {
  title: "Tech Conference 2024",
  description: "Annual technology conference",
  date: "2024-12-15",
  location: "San Francisco, CA",
  capacity: 500,
  organizer: "Tech Corp",
};

/** A valid event body; override any field (with valid or invalid values). */
export function validEvent<T extends Record<string, unknown> = {}>(overrides: T = {} as T): Omit<typeof VALID_EVENT, keyof T> & T {
  return { ...VALID_EVENT, ...overrides };
}

/** The registration's field rules, defined once (registration-schema.ts and the entities read them). */

export const REGISTRATION_STATUSES = ["registered", "waitlisted"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const NAME_LIMITS = { min: 1, max: 200 } as const;
export const EMAIL_MAX_LENGTH = 254;

/** Line numbers are stored zero-padded so that the sort key orders them as numbers. */
const LINE_DIGITS = 12;
export const lineKey = (seq: number) => String(seq).padStart(LINE_DIGITS, "0");
export const LINE_KEY_PATTERN = /^\d{12}$/;

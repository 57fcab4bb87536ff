/**
 * The people this issuer knows: anyone who signs in, with a display name and an e-mail
 * address made up from the user name unless given (configured or typed at sign-in).
 */
export interface DevUser {
  readonly name?: string;
  readonly email?: string;
}

export interface Accounts {
  /** Records a sign-in; typed values replace what was known for that user. */
  signIn(userId: string, typed: DevUser): void;
  claims(userId: string): { name: string; email: string };
}

export const DEV_EMAIL_DOMAIN = "example.test";

export function createAccounts(configured: Readonly<Record<string, DevUser>> = {}): Accounts {
  const known = new Map<string, DevUser>(Object.entries(configured));
  return {
    signIn(userId, typed) {
      const previous = known.get(userId) ?? {};
      known.set(userId, {
        name: typed.name || previous.name,
        email: typed.email || previous.email,
      });
    },
    claims(userId) {
      const user = known.get(userId) ?? {};
      return {
        name: user.name ?? userId,
        email: user.email ?? `${userId}@${DEV_EMAIL_DOMAIN}`,
      };
    },
  };
}

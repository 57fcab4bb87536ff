/**
 * `Authorization: Bearer <value>` carries either a person's JWT or a service key.
 * A compact JWS is three base64url parts; a service key is told apart by not being one.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(bearerValue: string): boolean {
  return COMPACT_JWS.test(bearerValue);
}

/** The credential of an `Authorization` header value, or undefined when it is not the Bearer scheme. */
export function bearerCredential(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match?.[1];
}

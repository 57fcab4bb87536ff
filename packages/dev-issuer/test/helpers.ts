import { expect } from "vitest";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";

export async function discovery(issuer: string): Promise<Record<string, unknown> & { jwks_uri: string; authorization_endpoint: string; token_endpoint: string }> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

export async function publishedKeys(issuer: string): Promise<Array<Record<string, unknown> & { kid: string; alg: string }>> {
  const response = await fetch((await discovery(issuer)).jwks_uri);
  return ((await response.json()) as { keys: never[] }).keys;
}

/** Verifies with jose alone, as any resource server would: the issuer's published keys, its iss, the audience. */
export async function verifyAccessToken(issuer: string, audience: string, token: string) {
  const keys = createRemoteJWKSet(new URL((await discovery(issuer)).jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, keys, { issuer, audience, typ: "at+jwt", requiredClaims: ["exp", "iat", "sub"] });
  return { payload, header: protectedHeader };
}

export const kidOf = (token: string) => decodeProtectedHeader(token).kid;

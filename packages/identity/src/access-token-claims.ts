/**
 * The checks jose leaves to us once the signature, `iss`, `exp` and `nbf` hold:
 * the audience (or Cognito's `client_id`), a future `iat`, ID tokens, and the user id.
 */
import type { JWTPayload } from "jose";
import { UserIdSchema } from "@events/core";
import { refuse, REFUSAL_DETAILS, type TokenRefusal } from "./refusals.js";
import type { PersonCaller } from "./token-verifier.js";

/** RFC 9068's type, its long form, and the plain type most issuers (Cognito, Auth0) put there. */
const ACCESS_TOKEN_TYPES = new Set(["at+jwt", "application/at+jwt", "jwt"]);

export function checkAccessTokenClaims(
  payload: JWTPayload,
  header: { typ?: unknown },
  options: { audience: string; userIdClaim: string; clockTolerance: number; now: Date },
): PersonCaller | TokenRefusal {
  // jose checks a future `iat` only when maxTokenAge is set; the contract refuses it anyway.
  if (typeof payload.iat === "number" && payload.iat > options.now.getTime() / 1000 + options.clockTolerance) {
    return refuse("not_yet_valid");
  }
  if (payload.token_use !== undefined && payload.token_use !== "access") return refuse("not_access_token");
  if (header.typ !== undefined && (typeof header.typ !== "string" || !ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase()))) {
    return refuse("not_access_token");
  }
  if (!audienceMatches(payload, options.audience)) return refuse("wrong_audience");

  const parsed = UserIdSchema.safeParse(payload[options.userIdClaim]);
  if (!parsed.success) {
    const rule = parsed.error.issues[0]?.message ?? "must be a valid userId";
    return refuse("invalid_user_id", `${REFUSAL_DETAILS.invalid_user_id}: the ${options.userIdClaim} claim ${rule}`);
  }
  return {
    kind: "person",
    userId: parsed.data,
    ...(typeof payload.name === "string" && payload.name ? { name: payload.name } : {}),
    ...(typeof payload.email === "string" && payload.email ? { email: payload.email } : {}),
  };
}

function audienceMatches(payload: JWTPayload, audience: string): boolean {
  if (payload.aud === undefined) return payload.client_id === audience;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return audiences.includes(audience);
}

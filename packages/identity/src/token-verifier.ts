/**
 * Verifies a person's access token against the configured OpenID Connect issuer,
 * the way the contract's "Identity and access" section lists the checks.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { DiscoveryError, fetchJwksUri } from "./discovery.js";
import { refuse, unavailable, type IssuerUnavailable, type TokenRefusal } from "./refusals.js";
import { checkAccessTokenClaims } from "./access-token-claims.js";
import { createVerifiedTokenCache } from "./verified-token-cache.js";

export interface PersonCaller {
  readonly kind: "person";
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
}

export type VerifyOutcome = PersonCaller | TokenRefusal | IssuerUnavailable;

export interface TokenVerifierOptions {
  /** `AUTH_ISSUER`: compared with `iss` exactly, and where discovery starts. */
  readonly issuer: string;
  /** `AUTH_AUDIENCE`: must be in `aud`, or be the `client_id` of a token with no `aud` (Amazon Cognito). */
  readonly audience: string;
  /** `AUTH_USER_ID_CLAIM`: the claim that holds the userId (default `sub`). */
  readonly userIdClaim?: string;
  /** Bound on each fetch (discovery, then the key set): both together stay under the contract's 15 s. */
  readonly fetchTimeoutMs?: number;
  /** Least time between two key-set fetches caused by an unknown `kid`. */
  readonly unknownKeyCooldownMs?: number;
  /** Leeway for `exp`, `nbf` and `iat`, in seconds. */
  readonly clockToleranceSeconds?: number;
  /** How many accepted tokens are remembered until their `exp` (0: none), so a repeat costs a lookup, not a signature check. */
  readonly verifiedTokenCacheSize?: number;
  /** The time the checks use (tests); the system clock by default. */
  readonly now?: () => Date;
}

export interface TokenVerifier {
  readonly issuer: string;
  readonly audience: string;
  verify(token: string): Promise<VerifyOutcome>;
}

/** Asymmetric only: `none` and HMAC would let anyone holding public material mint tokens. */
export const ACCEPTED_ALGORITHMS = [
  "RS256", "RS384", "RS512",
  "PS256", "PS384", "PS512",
  "ES256", "ES384", "ES512",
  "EdDSA", "Ed25519",
] as const;

export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_UNKNOWN_KEY_COOLDOWN_MS = 30_000;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience } = options;
  if (!issuer) throw new TypeError("createTokenVerifier: issuer is required");
  if (!audience) throw new TypeError("createTokenVerifier: audience is required");
  const userIdClaim = options.userIdClaim || "sub";
  const fetchTimeoutMs = options.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const cooldownDuration = options.unknownKeyCooldownMs ?? DEFAULT_UNKNOWN_KEY_COOLDOWN_MS;
  const clockTolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const now = options.now ?? (() => new Date());
  const accepted = createVerifiedTokenCache(options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);

  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const keys = (): Promise<JWTVerifyGetKey> => {
    keySet ??= fetchJwksUri(issuer, fetchTimeoutMs).then(
      (jwksUri) => createRemoteJWKSet(jwksUri, { timeoutDuration: fetchTimeoutMs, cooldownDuration }),
      (error: unknown) => {
        keySet = undefined;
        throw error;
      },
    );
    return keySet;
  };

  return {
    issuer,
    audience,
    async verify(token) {
      const remembered = accepted.get(token, now());
      if (remembered) return remembered;
      const shapeRefusal = checkShape(token);
      if (shapeRefusal) return shapeRefusal;
      let getKey: JWTVerifyGetKey;
      try {
        getKey = await keys();
      } catch (error) {
        return unavailable(error instanceof DiscoveryError ? error.message : "issuer discovery failed");
      }
      let verified: { payload: JWTPayload; protectedHeader: { typ?: unknown } };
      try {
        verified = await jwtVerify(token, getKey, {
          issuer,
          algorithms: [...ACCEPTED_ALGORITHMS],
          requiredClaims: ["exp"],
          clockTolerance,
          currentDate: now(),
        });
      } catch (error) {
        return fromJoseError(error);
      }
      const outcome = checkAccessTokenClaims(verified.payload, verified.protectedHeader, { audience, userIdClaim, clockTolerance, now: now() });
      if (outcome.kind === "person") accepted.remember(token, outcome, verified.payload.exp!);
      return outcome;
    },
  };
}

/** Refusals that need no key, so that they stay 401s while the issuer is unreachable. */
function checkShape(token: string): TokenRefusal | undefined {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    decodeJwt(token);
  } catch {
    return refuse("malformed");
  }
  if (typeof alg !== "string" || !(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) {
    return refuse("bad_signature", "the access token's signing algorithm is not accepted (asymmetric algorithms only)");
  }
  return undefined;
}

/** jose's error for the first check that failed, as the contract's refusal (or a 503 for the key set). */
function fromJoseError(error: unknown): TokenRefusal | IssuerUnavailable {
  if (error instanceof errors.JWTExpired) return refuse("expired");
  if (error instanceof errors.JWTClaimValidationFailed) {
    // A claim of the wrong type (an `exp` that is a string) is malformed, not expired or early.
    if (error.reason === "invalid") return refuse("malformed");
    if (error.claim === "iss") return refuse("wrong_issuer");
    if (error.claim === "nbf" || error.claim === "iat") return refuse("not_yet_valid");
    if (error.claim === "exp") return refuse("malformed", "the access token has no expiry time (exp)");
    return refuse("malformed");
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return refuse("bad_signature", "the access token's signing algorithm is not accepted (asymmetric algorithms only)");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse("bad_signature");
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse("unknown_key");
  }
  if (error instanceof errors.JWKSTimeout) return unavailable("the issuer's key set did not answer in time");
  if (error instanceof errors.JWKSInvalid) return unavailable("the issuer's key set is not a JWK Set");
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return refuse("malformed");
  }
  // Anything else came from fetching the key set (network errors, a non-200): never an acceptance.
  if (error instanceof errors.JOSEError || error instanceof TypeError) {
    return unavailable(`the issuer's key set could not be fetched: ${error.message}`);
  }
  return unavailable("the issuer's key set could not be fetched");
}

export {
  createTokenVerifier,
  ACCEPTED_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_VERIFIED_TOKEN_CACHE_SIZE,
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_UNKNOWN_KEY_COOLDOWN_MS,
  type PersonCaller,
  type TokenVerifier,
  type TokenVerifierOptions,
  type VerifyOutcome,
} from "./token-verifier.js";
export { REFUSAL_DETAILS, UNAVAILABLE_DETAIL, type IssuerUnavailable, type RefusalReason, type TokenRefusal } from "./refusals.js";
export { createServiceKeys, type ServiceCaller, type ServiceKeys } from "./service-keys.js";
export { bearerCredential, looksLikeJwt } from "./bearer.js";
export { discoveryUrl } from "./discovery.js";
export { ANYONE, type AnyoneCaller, type Caller } from "./caller.js";

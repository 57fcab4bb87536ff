/**
 * Who is calling: the one resolution of a request's credentials into a
 * Caller, for /trpc, REST and the routes outside tRPC (calendar feeds) alike.
 */
import {
  ANYONE,
  bearerCredential,
  createServiceKeys,
  createTokenVerifier,
  looksLikeJwt,
  type Caller,
  type TokenVerifier,
} from "@events/identity";
import {
  CONFLICTING_CREDENTIALS_DETAIL,
  CredentialRefusedError,
  IdentityUnavailableError,
  missingCredentialDetail,
  TOKENS_NOT_ACCEPTED_DETAIL,
  UNKNOWN_KEY_DETAIL,
} from "./auth-errors.js";
import type { Logger } from "./logger.js";

export interface CredentialOptions {
  /** `API_KEY`: service keys, comma-separated. */
  apiKey?: string | undefined;
  /** The issuer of people's access tokens (`AUTH_ISSUER`, `AUTH_AUDIENCE`, `AUTH_USER_ID_CLAIM`). */
  auth?: { issuer: string; audience: string; userIdClaim?: string; fetchTimeoutMs?: number; unknownKeyCooldownMs?: number } | undefined;
  log?: Logger;
}

export interface Credentials {
  /** Secured mode: an issuer or a service key is configured. */
  readonly secured: boolean;
  /** What a request that needs a caller and sent no credential is told. */
  readonly missingDetail: string;
  /** The caller of a request; throws CredentialRefusedError (401) or IdentityUnavailableError (503). */
  resolveCaller(headers: Headers): Promise<Caller>;
}

export function createCredentials(options: CredentialOptions): Credentials {
  const keys = createServiceKeys(options.apiKey);
  const verifier: TokenVerifier | undefined = options.auth && createTokenVerifier(options.auth);
  const secured = verifier !== undefined || keys.size > 0;
  const log = options.log;

  const serviceOf = (key: string) => {
    const service = keys.match(key);
    if (!service) throw new CredentialRefusedError(UNKNOWN_KEY_DETAIL);
    return service;
  };

  const personOf = async (token: string): Promise<Caller> => {
    if (!verifier) throw new CredentialRefusedError(TOKENS_NOT_ACCEPTED_DETAIL);
    const outcome = await verifier.verify(token);
    if (outcome.kind === "person") return outcome;
    if (outcome.kind === "refused") throw new CredentialRefusedError(outcome.detail);
    // The cause names what failed (discovery, key set, time-out) and holds no token.
    log?.({ level: "error", msg: "identity provider unavailable", cause: outcome.cause });
    throw new IdentityUnavailableError(outcome.detail);
  };

  return {
    secured,
    missingDetail: missingCredentialDetail(verifier !== undefined),
    async resolveCaller(headers) {
      // Open mode answers everybody alike: credentials are not looked at.
      if (!secured) return ANYONE;
      const apiKey = headers.get("x-api-key");
      const bearer = bearerCredential(headers.get("authorization") ?? undefined);
      if (apiKey !== null) {
        if (bearer !== undefined && bearer !== apiKey) throw new CredentialRefusedError(CONFLICTING_CREDENTIALS_DETAIL);
        return serviceOf(apiKey);
      }
      if (bearer === undefined) return ANYONE;
      return looksLikeJwt(bearer) ? personOf(bearer) : serviceOf(bearer);
    },
  };
}

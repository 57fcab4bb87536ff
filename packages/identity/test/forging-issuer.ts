/**
 * A tiny issuer of the tests' own on 127.0.0.1: discovery and a JWKS with keys the
 * tests hold, so they can forge any token (expired, wrong audience, a key it never
 * published). It can be told to stop answering, to exercise the issuer-down path.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTHeaderParameters, type JWTPayload } from "jose";

export interface ForgingKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(alg: "RS256" | "ES256" | "PS256" | "EdDSA", kid: string): Promise<ForgingKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export interface ForgingIssuer {
  readonly issuer: string;
  /** The keys the JWKS publishes now; replace to rotate. */
  published: ForgingKey[];
  /** Which requests are accepted and never answered: none, all, or only the key set's. */
  silence: "none" | "all" | "jwks";
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  sign(payload: JWTPayload, options?: { key?: ForgingKey; header?: Partial<JWTHeaderParameters> }): Promise<string>;
  close(): Promise<void>;
}

export async function startForgingIssuer(keys: ForgingKey[]): Promise<ForgingIssuer> {
  let jwksFetches = 0;
  const held: ServerResponse[] = [];
  const state: { published: ForgingKey[]; silence: ForgingIssuer["silence"] } = { published: keys, silence: "none" };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (state.silence === "all" || (state.silence === "jwks" && req.url === "/jwks")) {
      held.push(res);
      return;
    }
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/.well-known/openid-configuration") json({ issuer, jwks_uri: `${issuer}/jwks` });
    else if (req.url === "/jwks") {
      jwksFetches++;
      json({ keys: state.published.map((key) => key.publicJwk) });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    get published() {
      return state.published;
    },
    set published(next) {
      state.published = next;
    },
    get silence() {
      return state.silence;
    },
    set silence(next) {
      state.silence = next;
    },
    get jwksFetches() {
      return jwksFetches;
    },
    async sign(payload, options = {}) {
      const key = options.key ?? state.published[0]!;
      return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "at+jwt", ...options.header }).sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Claims of a valid access token from `issuer` for `audience`, which a test then spoils one at a time. */
export function accessTokenClaims(issuer: string, audience: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: audience, sub: "alice", iat: now, exp: now + 600, client_id: "some-app", ...overrides };
}

/** A test file's issuers: each test starts its own with one RS256 key, closed after the test. */
export function forgingIssuers(): () => Promise<ForgingIssuer> {
  const running: ForgingIssuer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((issuer) => issuer.close()));
  });
  return async () => {
    const issuer = await startForgingIssuer([await makeKey("RS256", "first")]);
    running.push(issuer);
    return issuer;
  };
}

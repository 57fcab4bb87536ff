/**
 * Keys are found through discovery and cached; an unknown kid refetches at most once per
 * cooldown; an issuer that does not answer is "unavailable" (a 503 later) within the
 * contract's 15 s, never an acceptance, and tokens are accepted again once it answers.
 */
import { describe, expect, it } from "vitest";
import { createTokenVerifier } from "../src/index.js";
import { accessTokenClaims, forgingIssuers, makeKey } from "./forging-issuer.js";

const AUDIENCE = "https://api.events.test";
const CONTRACT_BOUND_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const forgingIssuer = forgingIssuers();

describe("the issuer's key set", () => {
  it("is fetched once and cached across verifications", async () => {
    const forger = await forgingIssuer();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE });
    for (let i = 0; i < 5; i++) {
      expect((await verifier.verify(await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE)))).kind).toBe("person");
    }
    expect(forger.jwksFetches).toBe(1);
  });

  it("an unknown kid refetches at most once per cooldown (30 s by default), then a rotated key is accepted", async () => {
    const forger = await forgingIssuer();
    const claims = accessTokenClaims(forger.issuer, AUDIENCE);
    const byDefault = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE });
    expect((await byDefault.verify(await forger.sign(claims))).kind).toBe("person");
    for (let i = 0; i < 5; i++) {
      const stranger = await makeKey("ES256", `stranger-${i}`);
      expect(await byDefault.verify(await forger.sign(claims, { key: stranger }))).toMatchObject({ reason: "unknown_key" });
    }
    expect(forger.jwksFetches).toBe(1);

    const quick = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, unknownKeyCooldownMs: 300 });
    expect((await quick.verify(await forger.sign(claims))).kind).toBe("person");
    const rotated = await makeKey("ES256", "second");
    forger.published = [rotated, ...forger.published];
    const fetchesBefore = forger.jwksFetches;
    await sleep(350);
    expect(await quick.verify(await forger.sign(claims, { key: rotated }))).toEqual({ kind: "person", userId: "alice" });
    expect(await quick.verify(await forger.sign(claims, { key: await makeKey("ES256", "third") }))).toMatchObject({ reason: "unknown_key" });
    expect(forger.jwksFetches).toBe(fetchesBefore + 1);
  });
});

describe("an issuer that does not answer", () => {
  it("is unavailable within the bound (default settings), never an acceptance; accepted again once it answers", async () => {
    const forger = await forgingIssuer();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE });
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE));
    forger.silence = "all";
    const started = Date.now();
    const outcome = await verifier.verify(token);
    expect(Date.now() - started).toBeLessThan(CONTRACT_BOUND_MS);
    expect(outcome).toMatchObject({ kind: "unavailable" });
    expect(JSON.stringify(outcome)).not.toContain(token);

    forger.silence = "none";
    expect(await verifier.verify(token)).toEqual({ kind: "person", userId: "alice" });
  }, 30_000);

  it("when only the key set hangs: unavailable, then accepted once it answers", async () => {
    const forger = await forgingIssuer();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, fetchTimeoutMs: 500 });
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE));
    forger.silence = "jwks";
    expect(await verifier.verify(token)).toMatchObject({ kind: "unavailable", cause: expect.stringMatching(/time/) });
    forger.silence = "none";
    expect((await verifier.verify(token)).kind).toBe("person");
  });

  it("a closed port is unavailable too; a malformed token stays a refusal meanwhile", async () => {
    const forger = await forgingIssuer();
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE));
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE });
    await forger.close();
    expect(await verifier.verify(token)).toMatchObject({ kind: "unavailable" });
    expect(await verifier.verify("not-a-token")).toMatchObject({ kind: "refused", reason: "malformed" });
  });

  it("keys cached before it went silent keep serving known kids; an unknown kid after the cooldown is unavailable", async () => {
    const forger = await forgingIssuer();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, fetchTimeoutMs: 500, unknownKeyCooldownMs: 100 });
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE));
    expect((await verifier.verify(token)).kind).toBe("person");
    forger.silence = "all";
    expect((await verifier.verify(token)).kind).toBe("person");
    await sleep(150);
    const stranger = await makeKey("RS256", "stranger");
    expect(await verifier.verify(await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE), { key: stranger }))).toMatchObject({
      kind: "unavailable",
    });
  });

  it("discovery naming another issuer is unavailable (its keys could be anyone's)", async () => {
    const forger = await forgingIssuer();
    const verifier = createTokenVerifier({ issuer: `${forger.issuer}/tenant`, audience: AUDIENCE });
    const outcome = await verifier.verify(await forger.sign(accessTokenClaims(`${forger.issuer}/tenant`, AUDIENCE)));
    expect(outcome).toMatchObject({ kind: "unavailable" });
  });
});

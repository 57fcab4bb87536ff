/**
 * Accepted tokens are remembered (a repeat needs no signature check: `pnpm bench` part f shows the
 * cost), but only until their `exp`, and only acceptances: a refusal is checked afresh every time.
 */
import { describe, expect, it } from "vitest";
import { createTokenVerifier } from "../src/index.js";
import { accessTokenClaims, forgingIssuers } from "./forging-issuer.js";

const AUDIENCE = "https://api.events.test";
const forgingIssuer = forgingIssuers();

describe("remembered tokens", () => {
  it("are refused as expired once past exp, though remembered", async () => {
    const forger = await forgingIssuer();
    let clock = Date.now();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, now: () => new Date(clock) });
    const claims = accessTokenClaims(forger.issuer, AUDIENCE, { exp: Math.floor(clock / 1000) + 120 });
    const token = await forger.sign(claims);
    expect(await verifier.verify(token)).toMatchObject({ kind: "person", userId: "alice" });
    expect(await verifier.verify(token)).toMatchObject({ kind: "person", userId: "alice" });
    clock += (120 + 61) * 1000; // past exp and the 60 s leeway
    expect(await verifier.verify(token)).toMatchObject({ kind: "refused", reason: "expired" });
  });

  it("never include refusals: a token not yet valid is accepted once its time comes", async () => {
    const forger = await forgingIssuer();
    let clock = Date.now();
    const verifier = createTokenVerifier({ issuer: forger.issuer, audience: AUDIENCE, now: () => new Date(clock) });
    const nbf = Math.floor(clock / 1000) + 300;
    const token = await forger.sign(accessTokenClaims(forger.issuer, AUDIENCE, { nbf, exp: nbf + 600 }));
    expect(await verifier.verify(token)).toMatchObject({ kind: "refused", reason: "not_yet_valid" });
    clock += 301 * 1000;
    expect(await verifier.verify(token)).toMatchObject({ kind: "person" });
  });
});

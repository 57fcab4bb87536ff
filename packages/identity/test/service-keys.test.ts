/**
 * Service keys: several valid at once, each its own caller with a stable non-secret id;
 * and telling a bearer JWT from a bearer service key.
 */
import { describe, expect, it } from "vitest";
import { bearerCredential, createServiceKeys, looksLikeJwt } from "../src/index.js";

const FIRST = "first-service-key-0123456789abcdef";
const SECOND = "second-key-of-another-length";

describe("createServiceKeys", () => {
  it("accepts every configured key at once, each as a caller of its own", () => {
    const keys = createServiceKeys(`${FIRST}, ${SECOND}`);
    expect(keys.size).toBe(2);
    const first = keys.match(FIRST);
    const second = keys.match(SECOND);
    expect(first).toMatchObject({ kind: "service" });
    expect(second).toMatchObject({ kind: "service" });
    expect(first!.keyId).not.toBe(second!.keyId);
    // Stable across restarts (derived from the key), and not the key nor any part of it.
    expect(createServiceKeys(SECOND).match(SECOND)).toEqual(second);
    expect(FIRST).not.toContain(first!.keyId.replace(/^key-/, ""));
  });

  it("refuses a wrong key, a prefix, an extension, another case, and the empty value", () => {
    const keys = createServiceKeys(`${FIRST},${SECOND}`);
    for (const presented of ["wrong", FIRST.slice(0, -1), `${FIRST}x`, FIRST.toUpperCase(), "", " ", `${FIRST},${SECOND}`]) {
      expect(keys.match(presented), JSON.stringify(presented)).toBeUndefined();
    }
  });

  it("with no key configured (unset, empty, only commas) matches nothing", () => {
    for (const list of [undefined, "", " , ,"]) {
      const keys = createServiceKeys(list);
      expect(keys.size).toBe(0);
      expect(keys.match("")).toBeUndefined();
      expect(keys.match("anything")).toBeUndefined();
    }
  });
});

describe("bearer values", () => {
  it("a JWT is three base64url parts; anything else is a service key", () => {
    expect(looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).toBe(true);
    expect(looksLikeJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")).toBe(true);
    for (const value of [FIRST, "a.b", "a.b.c.d.e", "a+b.c/d.e=", "", "a. b.c"]) {
      expect(looksLikeJwt(value), value).toBe(false);
    }
  });

  it("the credential of an Authorization header's Bearer scheme", () => {
    expect(bearerCredential(`Bearer ${FIRST}`)).toBe(FIRST);
    expect(bearerCredential(`bearer  ${FIRST}`)).toBe(FIRST);
    expect(bearerCredential(`Basic ${FIRST}`)).toBeUndefined();
    expect(bearerCredential("Bearer")).toBeUndefined();
    expect(bearerCredential(undefined)).toBeUndefined();
  });
});

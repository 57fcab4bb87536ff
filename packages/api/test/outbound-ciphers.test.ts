/**
 * The local cipher (AES-256-GCM under a key of our own) and its key: a round
 * trip, tampering and another key detected, and the key file made once,
 * readable by its owner only, and reused (so secrets survive a restart).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LOCAL_KEY_FILE, loadLocalKey, localCipher, randomLocalKey } from "../src/outbound/index.js";

const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;

describe("localCipher", () => {
  const cipher = localCipher(randomLocalKey());

  it("decrypts what it encrypted, and never gives the same text twice", async () => {
    const first = await cipher.encrypt(secret);
    const second = await cipher.encrypt(secret);
    expect(first).toMatch(/^local-v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret.slice(6, 20));
    expect(await cipher.decrypt(first)).toBe(secret);
    expect(await cipher.decrypt(second)).toBe(secret);
  });

  it("throws on a changed ciphertext, IV or tag, and under another key", async () => {
    const text = await cipher.encrypt(secret);
    const parts = text.split(".");
    for (const index of [1, 2, 3]) {
      const changed = [...parts];
      const bytes = Buffer.from(changed[index]!, "base64url");
      bytes[0]! ^= 1;
      changed[index] = bytes.toString("base64url");
      await expect(cipher.decrypt(changed.join("."))).rejects.toThrow(/does not decrypt/);
    }
    await expect(localCipher(randomLocalKey()).decrypt(text)).rejects.toThrow(/does not decrypt/);
  });

  it("refuses a text of another format and a key of the wrong size", async () => {
    await expect(cipher.decrypt("kms-v1.AAAA")).rejects.toThrow("not a local-v1 ciphertext");
    await expect(cipher.decrypt(secret)).rejects.toThrow("not a local-v1 ciphertext");
    expect(() => localCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe("loadLocalKey", () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "outbound-key-"));
    dirs.push(dir);
    return join(dir, "data");
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("makes a key file readable by its owner only, and reuses it: secrets survive a restart", async () => {
    const dir = await dataDir();
    const key = await loadLocalKey(dir, {});
    expect(key).toHaveLength(32);
    const file = await stat(join(dir, LOCAL_KEY_FILE));
    expect(file.mode & 0o777).toBe(0o600);
    const encrypted = await localCipher(key).encrypt(secret);

    const again = await loadLocalKey(dir, {});
    expect(again.equals(key)).toBe(true);
    expect(await localCipher(again).decrypt(encrypted)).toBe(secret);
  });

  it("gives every start at once the same key", async () => {
    const dir = await dataDir();
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadLocalKey(dir, {})));
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
  });

  it("takes WEBHOOK_SECRET_KEY when it is set, and writes no file", async () => {
    const dir = await dataDir();
    const key = randomLocalKey();
    expect((await loadLocalKey(dir, { WEBHOOK_SECRET_KEY: key.toString("base64") })).equals(key)).toBe(true);
    await expect(stat(join(dir, LOCAL_KEY_FILE))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a key that is not 32 bytes of base64, without saying what it was", async () => {
    const short = Buffer.alloc(16, 1).toString("base64");
    const loading = loadLocalKey(await dataDir(), { WEBHOOK_SECRET_KEY: short });
    await expect(loading).rejects.toThrow("WEBHOOK_SECRET_KEY must be the base64 of 32 random bytes");
    await expect(loading).rejects.not.toThrow(short);

    const dir = await dataDir();
    await loadLocalKey(dir, {});
    await writeFile(join(dir, LOCAL_KEY_FILE), "not a key\n");
    await expect(loadLocalKey(dir, {})).rejects.toThrow(/must be the base64 of 32 random bytes/);
    expect(await readFile(join(dir, LOCAL_KEY_FILE), "utf8")).toBe("not a key\n");
  });
});

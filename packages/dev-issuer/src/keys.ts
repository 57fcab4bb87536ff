/**
 * The issuer's signing keys: an RSA (RS256) and an EC (ES256) key per generation, made
 * at start or read from a data folder. Rotation puts a new generation first (it signs)
 * and keeps the previous one published, so tokens already handed out still verify.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export type SigningAlgorithm = "RS256" | "ES256";
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ["RS256", "ES256"];

/** A private JWK with the fields oidc-provider needs to select it. */
export type SigningJwk = JWK & { kid: string; alg: SigningAlgorithm; use: "sig" };

/** How many generations stay published: the signing one and the one before. */
const GENERATIONS_KEPT = 2;

async function generateKey(alg: SigningAlgorithm): Promise<SigningJwk> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  // The thumbprint of the public key: a new key always gets a new kid.
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { ...jwk, kid, alg, use: "sig" };
}

export async function generateGeneration(): Promise<SigningJwk[]> {
  return Promise.all(SIGNING_ALGORITHMS.map(generateKey));
}

export function rotated(keys: readonly SigningJwk[], next: readonly SigningJwk[]): SigningJwk[] {
  return [...next, ...keys.slice(0, SIGNING_ALGORITHMS.length * (GENERATIONS_KEPT - 1))];
}

/** The key that signs with `alg`: the first one, as the newest generation comes first. */
export function currentKey(keys: readonly SigningJwk[], alg: SigningAlgorithm): SigningJwk {
  const key = keys.find((candidate) => candidate.alg === alg);
  if (!key) throw new Error(`no ${alg} signing key`);
  return key;
}

const keysFile = (dataDir: string) => join(dataDir, "signing-keys.json");

export async function loadOrGenerateKeys(dataDir: string | undefined): Promise<SigningJwk[]> {
  if (dataDir) {
    try {
      const saved = JSON.parse(await readFile(keysFile(dataDir), "utf8")) as { keys: SigningJwk[] };
      if (Array.isArray(saved.keys) && saved.keys.length > 0) return saved.keys;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const keys = await generateGeneration();
  if (dataDir) await saveKeys(dataDir, keys);
  return keys;
}

export async function saveKeys(dataDir: string, keys: readonly SigningJwk[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  // Written beside and renamed, so a crash never leaves half a key file.
  const file = keysFile(dataDir);
  await writeFile(`${file}.tmp`, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

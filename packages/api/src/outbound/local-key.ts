/**
 * The local cipher's key for the embedded store: `WEBHOOK_SECRET_KEY` (base64
 * of 32 bytes) when set, else a key file in the data directory, made on first
 * use, readable by its owner only, so that secrets survive a restart of `pnpm start`.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LOCAL_KEY_BYTES } from "./local-cipher.js";

export const LOCAL_KEY_FILE = "webhook-secret.key";

export async function loadLocalKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env.WEBHOOK_SECRET_KEY?.trim();
  if (fromEnv) return decodeKey(fromEnv, "WEBHOOK_SECRET_KEY");
  const path = join(dataDir, LOCAL_KEY_FILE);
  await mkdir(dataDir, { recursive: true });
  await createKeyFile(path);
  return decodeKey((await readFile(path, "utf8")).trim(), path);
}

/** Writes a new key unless one is there: whole (written aside, then linked into place) so that two starts never read half a key. */
async function createKeyFile(path: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(aside, `${randomBytes(LOCAL_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    await link(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(aside);
  }
}

/** Never says what the value was: it is a key. */
function decodeKey(base64: string, from: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== LOCAL_KEY_BYTES || key.toString("base64") !== base64) {
    throw new Error(`${from} must be the base64 of ${LOCAL_KEY_BYTES} random bytes`);
  }
  return key;
}

/**
 * The Node.js the suite runs on, and the embedded store's native part on it.
 * CI runs the whole suite twice: on the machine's Node 20 and on Node 22 (the
 * Lambda runtime's major, installed from the npm registry). With
 * EXPECT_NODE_MAJOR set (.ci/run sets it), this checks the run really got that
 * major; in every run, that classic-level (LevelDB, the store's disk layer,
 * loaded from its N-API prebuilds with no install script) opens, writes and
 * reads on this Node.
 * @module-tag embedded-store
 */
import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** classic-level, found the way the store finds it: @events/local-store → dynalite → level → classic-level. */
function requireClassicLevel(): { ClassicLevel: new (location: string, options?: object) => LevelDb } {
  let require = createRequire(import.meta.url);
  for (const step of ["@events/local-store", "dynalite", "level"]) require = createRequire(require.resolve(step));
  return require("classic-level") as never;
}

interface LevelDb {
  open(): Promise<void>;
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

describe("the Node.js runtime", () => {
  it("is the expected major (EXPECT_NODE_MAJOR), and at least Node 20", () => {
    console.log(`Node ${process.version} (N-API ${process.versions.napi}) at ${process.execPath}`);
    const major = Number(process.versions.node.split(".")[0]);
    expect(major).toBeGreaterThanOrEqual(20);
    if (process.env.EXPECT_NODE_MAJOR) expect(major).toBe(Number(process.env.EXPECT_NODE_MAJOR));
  });

  it("loads the embedded store's native LevelDB binding (classic-level), which writes and reads", async () => {
    const { ClassicLevel } = requireClassicLevel();
    const dir = await mkdtemp(join(tmpdir(), "classic-level-"));
    try {
      const db = new ClassicLevel(dir, { valueEncoding: "utf8" });
      await db.open();
      await db.put("event", "stored");
      expect(await db.get("event")).toBe("stored");
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

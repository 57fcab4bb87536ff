/**
 * kill -9 in the middle of a stream of transactions: after a restart on the same data
 * folder, every acknowledged transaction is there whole, no other one is there in part,
 * and the index agrees with the items (one LevelDB batch per write).
 * @module-tag embedded-store
 */
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedStore } from "../src/index.js";
import { clientFor, queryGroup, read, tableName } from "./conformance-helpers.js";

const dataDir = mkdtempSync(join(tmpdir(), "events-tx-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `target` transactions, then kills it with SIGKILL. */
async function writeUntilKilled(target: number): Promise<{ transactions: Set<number>; puts: Set<number> }> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "fixtures/transaction-writer.ts"), dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const transactions = new Set<number>();
  const puts = new Set<number>();
  let output = "";
  let pending = "";
  const exited = new Promise<void>((resolveExit, reject) => {
    child.once("exit", (code, signal) =>
      signal === "SIGKILL" ? resolveExit() : reject(new Error(`writer exited (${code}) before the kill:\n${output}`)),
    );
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  child.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const match = /^ack (tx|put) (\d+)$/.exec(line);
      if (match) (match[1] === "tx" ? transactions : puts).add(Number(match[2]));
      if (transactions.size >= target && child.exitCode === null && !child.killed) child.kill("SIGKILL"); // writes in flight
    }
  });
  await exited;
  return { transactions, puts };
}

describe("transactions through a kill -9", () => {
  it("keeps every acknowledged transaction whole and no unacknowledged one in part", { timeout: 60_000 }, async () => {
    const acknowledged = await writeUntilKilled(300);
    expect(acknowledged.transactions.size).toBeGreaterThanOrEqual(300);

    const store = await startEmbeddedStore({ dataDir });
    const client = clientFor(store);
    try {
      const parts = new Map<number, number>();
      const puts = new Set<number>();
      let startKey: Record<string, never> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
        for (const found of page.Items ?? []) {
          const pk = found.pk!.S!;
          const tx = /^tx-(\d+)-[abc]$/.exec(pk);
          if (tx) parts.set(Number(tx[1]), (parts.get(Number(tx[1])) ?? 0) + 1);
          const put = /^put-(\d+)$/.exec(pk);
          if (put) puts.add(Number(put[1]));
        }
        startKey = page.LastEvaluatedKey as typeof startKey;
      } while (startKey);

      for (const n of acknowledged.transactions) expect(parts.get(n), `acknowledged transaction ${n}`).toBe(3);
      for (const [n, count] of parts) expect(count, `transaction ${n} in part`).toBe(3);
      for (const n of acknowledged.puts) expect(puts.has(n), `acknowledged put ${n}`).toBe(true);
      // The counter moved exactly once per transaction that is there.
      expect((await read(client, "counter"))?.committed).toEqual({ N: String(parts.size) });
      // Index entries agree with the items, for transactions and single puts alike.
      for (const n of parts.keys()) expect(await queryGroup(client, `tx-${n}`)).toEqual([`tx-${n}-a`, `tx-${n}-b`, `tx-${n}-c`]);
      for (const n of puts) expect(await queryGroup(client, `put-${n}`)).toEqual([`put-${n}`]);
      const indexed = new Set<string>();
      let indexStart: Record<string, never> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: tableName, IndexName: "byGroup", ExclusiveStartKey: indexStart }));
        for (const found of page.Items ?? []) indexed.add(found.gsi1pk!.S!);
        indexStart = page.LastEvaluatedKey as typeof indexStart;
      } while (indexStart);
      expect(indexed).toEqual(new Set([...[...parts.keys()].map((n) => `tx-${n}`), ...[...puts].map((n) => `put-${n}`)]));
    } finally {
      client.destroy();
      await store.close();
    }
  });
});

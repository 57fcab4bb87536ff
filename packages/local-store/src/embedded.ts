/**
 * An embedded DynamoDB-compatible store: dynalite (DynamoDB's API in pure
 * JavaScript over LevelDB) listening on a loopback port inside this process.
 * No AWS account, Docker or Java. With a data folder it keeps its data on disk;
 * LevelDB appends every write to its log before answering, so an acknowledged
 * write survives the process being killed.
 */
import { mkdirSync } from "node:fs";
import dynalite from "dynalite";
import { listenOnLoopback, type RunningStore } from "./running-store.js";

export interface EmbeddedStoreOptions {
  /** Folder for the data; kept in memory when absent (tests). */
  dataDir?: string;
  /** Loopback port; a free one when absent. */
  port?: number;
  /**
   * Makes global secondary indexes eventually consistent, as on DynamoDB: an index entry
   * becomes visible this many milliseconds after its write (0, the default: at once).
   * For tests only: entries still waiting are lost if the process dies.
   */
  gsiLagMs?: number;
}

export type EmbeddedStore = RunningStore;

export async function startEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    // Tables are usable at once, as nothing real is being provisioned.
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    gsiLagMs: options.gsiLagMs ?? 0,
  });
  const endpoint = await listenOnLoopback(server, options.port ?? 0);
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets from the SDK would hold the close open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

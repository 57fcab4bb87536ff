// dynalite ships no type declarations; this is the part of its API we use.
declare module "dynalite" {
  import type { Server } from "node:http";
  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    /** Added by patches/dynalite@4.0.0.patch: global secondary index entries become visible this long after a write. */
    gsiLagMs?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

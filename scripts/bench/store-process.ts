/**
 * The embedded store in a process of its own (for the soak and benchmarks):
 * prints its endpoint, then serves until killed. Usage: store-process.ts <dataDir>
 */
import { startEmbeddedStore } from "@events/local-store";

const store = await startEmbeddedStore({ dataDir: process.argv[2] });
console.log(store.endpoint);

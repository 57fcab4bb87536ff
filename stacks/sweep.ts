/**
 * The sweep: a scheduled function that finishes the cascades of event deletes
 * cut short (packages/api/src/sweep.ts), so that no registration of a deleted
 * event stays behind when nobody asks for that id again.
 */
import { SWEEP_HANDLER, SWEEP_SCHEDULE } from "./handler";
import { operations } from "./function";
import { table } from "./storage";

export const sweep = new sst.aws.Cron("FinishDeletions", {
  schedule: SWEEP_SCHEDULE,
  function: {
    handler: SWEEP_HANDLER,
    description: "Events API: finishes the cascades of event deletes cut short",
    runtime: "nodejs24.x",
    architecture: "arm64",
    memory: "512 MB",
    // A cascade is steps of 45 registrations; minutes leave room for a backlog after an outage.
    timeout: "5 minutes",
    logging: { retention: operations.functionLogRetention },
    // One at a time: two sweeps would only do the same steps twice.
    concurrency: { reserved: 1 },
    link: [table],
    nodejs: { minify: true, sourcemap: false },
    url: false,
  },
});

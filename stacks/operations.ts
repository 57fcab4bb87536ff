/**
 * What the deployed API keeps and how far it may scale, per stage: how long
 * CloudWatch keeps the function's logs and API Gateway's access logs, and the
 * function's reserved concurrency. Pure (no SST globals), so
 * stacks/test/infra.test.ts checks it; function.ts and api.ts apply it, and
 * `pnpm check:infra` checks the values against SST's own types.
 */
import { THROTTLE } from "./http";

/** CloudWatch retention periods, as SST names them (a subset of its `RETENTION`). */
export type LogRetention = "1 week" | "2 weeks" | "1 month" | "3 months" | "6 months" | "1 year";

export interface OperationsSettings {
  /** How long the function's log group keeps its lines (one JSON line per request, and errors). */
  functionLogRetention: LogRetention;
  /** How long the API's access log group keeps its lines (one per request at the gateway). */
  accessLogRetention: LogRetention;
  /** The most copies of the function that run at once; none reserved when undefined. */
  reservedConcurrency: number | undefined;
}

/** Reserved concurrency when RESERVED_CONCURRENCY does not say otherwise. */
export const RESERVED_CONCURRENCY = {
  /**
   * As many as the gateway lets in at once (its burst): normal traffic is
   * throttled by the gateway first, with a 429; the cap only binds when
   * requests pile up (a slow store), where it bounds what they cost.
   */
  production: THROTTLE.burstLimit,
  /** Stages for trying things out: enough for a person and a test run. */
  other: 10,
} as const;

/**
 * The settings of a stage. Production keeps its logs for a quarter (time to
 * look into an incident after the fact); other stages for a week (logs are
 * billed by the GB stored). `reservedConcurrency` is the deploy-time
 * RESERVED_CONCURRENCY when set: a positive integer, or `none` for an account
 * whose concurrency quota is too small to reserve any (new accounts may have 10).
 */
export function operationsSettings(options: { production: boolean; reservedConcurrency?: string | undefined }): OperationsSettings {
  const retention: LogRetention = options.production ? "3 months" : "1 week";
  return {
    functionLogRetention: retention,
    accessLogRetention: retention,
    reservedConcurrency: reservedConcurrency(
      options.reservedConcurrency,
      options.production ? RESERVED_CONCURRENCY.production : RESERVED_CONCURRENCY.other,
    ),
  };
}

function reservedConcurrency(value: string | undefined, fallback: number): number | undefined {
  const text = value?.trim();
  if (!text) return fallback;
  if (text === "none") return undefined;
  // 0 would stop the function from running at all: never a useful setting here.
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`RESERVED_CONCURRENCY must be a positive integer or "none", not "${value}"`);
  return Number(text);
}

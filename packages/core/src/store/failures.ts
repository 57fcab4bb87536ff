/**
 * Reading failures out of the AWS SDK (possibly wrapped by ElectroDB) so that
 * the service can tell a failed condition from a store that is down.
 */

/** The error itself and every `cause` beneath it. */
function* causeChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current = error; current && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    yield current;
  }
}

const nameOf = (error: unknown) => (error as { name?: unknown } | null)?.name;

export function isConditionFailure(error: unknown): boolean {
  for (const e of causeChain(error)) {
    if (nameOf(e) === "ConditionalCheckFailedException") return true;
  }
  return false;
}

/**
 * True when the failure came from reaching the store rather than from our own
 * request: network errors, time-outs, throttling, server faults, missing
 * credentials or table. A `ValidationException` means we sent a bad request:
 * that is a bug, not an outage, so it is not counted here.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (const e of causeChain(error)) {
    const name = nameOf(e);
    if (name === "ValidationException" || name === "ConditionalCheckFailedException") return false;
    const meta = (e as { $metadata?: unknown; $fault?: unknown; code?: unknown }) ?? {};
    if (meta.$metadata !== undefined || meta.$fault !== undefined) return true;
    if (typeof meta.code === "string" && /^E[A-Z]+/.test(meta.code)) return true; // ECONNREFUSED, ETIMEDOUT, ...
    if (
      name === "TimeoutError" ||
      name === "AbortError" ||
      name === "CredentialsProviderError" ||
      name === "ProviderError" ||
      name === "ResourceNotFoundException"
    ) {
      return true;
    }
  }
  return false;
}

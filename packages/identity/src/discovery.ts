/**
 * OpenID Connect discovery: the issuer's metadata names its key set (`jwks_uri`).
 * Fetched on first need (a server starts even while its issuer is down) and kept once
 * it succeeded; a failure is not kept, so the next request tries again.
 */
export class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
}

export function discoveryUrl(issuer: string): URL {
  // OpenID Connect Discovery 1.0 §4: the path is appended to the issuer, trailing slash removed.
  return new URL(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);
}

export async function fetchJwksUri(issuer: string, timeoutMs: number): Promise<URL> {
  const url = discoveryUrl(issuer);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw new DiscoveryError(timedOut ? `discovery at ${url.href} timed out after ${timeoutMs} ms` : `discovery at ${url.href} failed: ${String(error)}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new DiscoveryError(`discovery at ${url.href} answered ${response.status}`);
  }
  let metadata: { issuer?: unknown; jwks_uri?: unknown };
  try {
    metadata = (await response.json()) as typeof metadata;
  } catch {
    throw new DiscoveryError(`discovery at ${url.href} did not answer JSON in time`);
  }
  // The metadata must be the configured issuer's own (Discovery §4.3), or its keys could be anyone's.
  if (metadata.issuer !== issuer) {
    throw new DiscoveryError(`discovery at ${url.href} names issuer ${JSON.stringify(metadata.issuer)}, not ${JSON.stringify(issuer)}`);
  }
  if (typeof metadata.jwks_uri !== "string" || !URL.canParse(metadata.jwks_uri)) {
    throw new DiscoveryError(`discovery at ${url.href} has no jwks_uri`);
  }
  return new URL(metadata.jwks_uri);
}

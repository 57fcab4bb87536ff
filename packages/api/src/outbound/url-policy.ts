/**
 * Which webhook URLs the API accepts on create and update (the sender checks
 * again at each attempt, since DNS answers change). Where the API runs locally
 * anything http or https goes (receivers on localhost); deployed, only https
 * to names and addresses that are public.
 */
import { lookup } from "node:dns/promises";
import type { UrlPolicy } from "@events/core";
import { literalAddress, whyAddressRefused, whyAnyAddressRefused } from "./address-rules.js";

export type UrlPolicyMode = "local" | "deployed";

export interface UrlPolicyOptions {
  /** Every address a host name resolves to (dns.lookup, all of them, by default). */
  resolve?: (hostname: string) => Promise<string[]>;
}

export function urlPolicy(mode: UrlPolicyMode, { resolve = resolveAll }: UrlPolicyOptions = {}): UrlPolicy {
  return async (text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return "is not a URL";
    }
    if (mode === "local") return url.protocol === "https:" || url.protocol === "http:" ? undefined : "must use http or https";
    if (url.protocol !== "https:") return "must use https";
    const address = literalAddress(url);
    if (address !== undefined) {
      const refused = whyAddressRefused(address);
      return refused === undefined ? undefined : `is an address the API may not call: ${refused}`;
    }
    const host = url.hostname;
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch {
      return `has a host name that does not resolve (${host})`;
    }
    if (addresses.length === 0) return `has a host name that does not resolve (${host})`;
    const refused = whyAnyAddressRefused(addresses);
    return refused === undefined ? undefined : `has a host name that resolves to an address the API may not call: ${refused}`;
  };
}

async function resolveAll(hostname: string): Promise<string[]> {
  const found = await lookup(hostname, { all: true });
  return found.map(({ address }) => address);
}

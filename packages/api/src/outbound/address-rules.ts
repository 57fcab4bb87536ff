/**
 * Which IP addresses a deployed API may not call (SSRF): anything but public
 * unicast. An allow-list, so that a range nobody thought of is refused rather
 * than reached. ipaddr.js parses and classifies; the rules here say what we
 * refuse and why, in words a person reads in a 422 or a delivery log.
 */
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** The cloud's instance metadata service (credentials live there; AWS's IPv4 and IPv6): named apart from its ranges. */
const METADATA_IPV4 = ipaddr.IPv4.parse("169.254.169.254");
const METADATA_IPV6 = ipaddr.IPv6.parse("fd00:ec2::254");
const GLOBAL_UNICAST = ipaddr.IPv6.parse("2000::");
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parse("64:ff9b::");

/** ipaddr.js's range names, as a sentence says them; any range not named here is "reserved". */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "shared address space (carrier-grade NAT)",
  private: "private",
  uniqueLocal: "private (unique local)",
  deprecatedSiteLocal: "private (site-local)",
  teredo: "a Teredo tunnel",
};

/**
 * Why the API may not call this address, as "10.0.0.1 is private"; undefined
 * when it may (a public unicast address). Anything that is not an IP address is refused.
 */
export function whyAddressRefused(address: string): string | undefined {
  const refusal = refusalOf(address);
  return refusal === undefined ? undefined : `${address} is ${refusal}`;
}

function refusalOf(address: string): string | undefined {
  // node:net's check is strict (no "127.1" or "0x7f.1" shorthands); ipaddr.js then classifies.
  if (isIP(address) === 0) return "not an IP address";
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return ipv4Refusal(parsed as ipaddr.IPv4);
  return ipv6Refusal(parsed as ipaddr.IPv6);
}

function ipv4Refusal(ip: ipaddr.IPv4): string | undefined {
  if (ip.match(METADATA_IPV4, 32)) return "the cloud metadata address";
  const range = ip.range();
  return range === "unicast" ? undefined : (RANGE_WORDS[range] ?? "reserved");
}

function ipv6Refusal(ip: ipaddr.IPv6): string | undefined {
  if (ip.match(METADATA_IPV6, 128)) return "the cloud metadata address";
  // Addresses that carry an IPv4 address reach that address: judge it.
  const embedded = embeddedIpv4(ip);
  if (embedded) {
    const inner = ipv4Refusal(embedded.ipv4);
    return inner === undefined ? undefined : `${inner} (${embedded.how} ${embedded.ipv4.toString()})`;
  }
  const range = ip.range();
  if (range !== "unicast") return RANGE_WORDS[range] ?? "reserved";
  // Only 2000::/3 is allocated as global unicast; the rest is reserved by IANA.
  return ip.match(GLOBAL_UNICAST, 3) ? undefined : "reserved";
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), RFC 6145,
 * NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address.
 */
function embeddedIpv4(ip: ipaddr.IPv6): { ipv4: ipaddr.IPv4; how: string } | undefined {
  const parts = ip.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (isIpv4Compatible(ip)) return { ipv4: fromWords(parts[6]!, parts[7]!), how: "it maps to" };
  switch (ip.range()) {
    case "ipv4Mapped":
    case "rfc6145":
      return { ipv4: fromWords(parts[6]!, parts[7]!), how: "it maps to" };
    case "rfc6052":
      // 64:ff9b::/96 (well-known NAT64) embeds an address; 64:ff9b:1::/48 is a network's own NAT64: refused as reserved.
      return ip.match(WELL_KNOWN_NAT64, 96) ? { ipv4: fromWords(parts[6]!, parts[7]!), how: "NAT64 of" } : undefined;
    case "6to4":
      return { ipv4: fromWords(parts[1]!, parts[2]!), how: "6to4 of" };
    default:
      return undefined;
  }
}

/** ::a.b.c.d (deprecated by RFC 4291), but not :: and ::1. (ipaddr.js reads the dotted text form as ::ffff:a.b.c.d; the hex form lands here.) */
function isIpv4Compatible(ip: ipaddr.IPv6): boolean {
  const parts = ip.parts;
  return parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7]! > 1);
}

/** Why a name that resolves to these addresses is refused: when any one of them is (the first such reason). */
export function whyAnyAddressRefused(addresses: readonly string[]): string | undefined {
  for (const address of addresses) {
    const why = whyAddressRefused(address);
    if (why !== undefined) return why;
  }
  return undefined;
}

/** The IP address a URL names literally (brackets of IPv6 removed), or undefined for a host name. */
export function literalAddress(url: URL): string | undefined {
  // The URL parser has already turned shorthands such as 2130706433 or 0x7f.1 into dotted addresses.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(host) === 0 ? undefined : host;
}

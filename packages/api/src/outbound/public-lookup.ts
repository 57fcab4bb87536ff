/**
 * The DNS lookup the deployed sender connects through: it resolves the name
 * and refuses when any address is not public, at connect time, so that the
 * address checked is the one connected to (a name that resolved to a public
 * address when the endpoint was created may resolve to 10.0.0.1 now: DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import { whyAnyAddressRefused } from "./address-rules.js";
import { AddressNotAllowedError } from "./network-errors.js";

export const publicOnlyLookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
  const all: LookupAllOptions = { ...options, all: true };
  dnsLookup(hostname, all, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = whyAnyAddressRefused(addresses.map(({ address }) => address));
    const first = addresses[0];
    if (refused !== undefined || first === undefined) {
      return callback(new AddressNotAllowedError(`address not allowed: ${refused ?? `${hostname} has no address`}`), "", 0);
    }
    // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
};

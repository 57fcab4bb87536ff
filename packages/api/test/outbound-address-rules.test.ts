/**
 * The addresses a deployed API refuses to call, as a table: IPv4 and IPv6,
 * each way, with the reason a person reads.
 */
import { describe, expect, it } from "vitest";
import { whyAddressRefused } from "../src/outbound/index.js";

const REFUSED: [address: string, why: string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.254", "private"],
  ["192.168.1.20", "private"],
  ["169.254.169.254", "the cloud metadata address"],
  ["169.254.10.1", "link-local"],
  ["100.64.0.1", "shared address space (carrier-grade NAT)"],
  ["100.127.255.254", "shared address space (carrier-grade NAT)"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["255.255.255.255", "broadcast"],
  ["224.0.0.251", "multicast"],
  ["240.0.0.1", "reserved"],
  ["192.0.2.10", "reserved"],
  ["198.18.0.1", "reserved"],
  ["::1", "loopback"],
  ["::", "unspecified"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf:ffff::1", "link-local"],
  ["fc00::1", "private (unique local)"],
  ["fd12:3456:789a::1", "private (unique local)"],
  ["fd00:ec2::254", "the cloud metadata address"],
  ["ff02::1", "multicast"],
  ["::ffff:127.0.0.1", "loopback (it maps to 127.0.0.1)"],
  ["::ffff:a9fe:a9fe", "the cloud metadata address (it maps to 169.254.169.254)"],
  ["::ffff:10.0.0.1", "private (it maps to 10.0.0.1)"],
  ["::10.0.0.1", "private (it maps to 10.0.0.1)"],
  ["::a00:1", "private (it maps to 10.0.0.1)"],
  ["::7f00:1", "loopback (it maps to 127.0.0.1)"],
  ["64:ff9b::7f00:1", "loopback (NAT64 of 127.0.0.1)"],
  ["64:ff9b::c0a8:101", "private (NAT64 of 192.168.1.1)"],
  ["64:ff9b:1::1", "reserved"],
  ["2002:a00:1::1", "private (6to4 of 10.0.0.1)"],
  ["2001:db8::1", "reserved"],
  ["2001::1", "a Teredo tunnel"],
  ["4000::1", "reserved"],
  ["localhost", "not an IP address"],
  ["127.1", "not an IP address"],
  ["0x7f000001", "not an IP address"],
];

const ALLOWED = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.15.255.255",
  "172.32.0.1",
  "100.63.255.255",
  "100.128.0.1",
  "169.253.255.255",
  "11.0.0.1",
  "192.169.0.1",
  "2606:4700:4700::1111",
  "2a00:1450:4001:81c::200e",
  "2001:4860:4860::8888",
  "::ffff:8.8.8.8",
  "::ffff:93.184.215.14",
  "64:ff9b::808:808",
  "2002:808:808::1",
];

describe("whyAddressRefused", () => {
  it.each(REFUSED)("refuses %s: %s", (address, why) => {
    expect(whyAddressRefused(address)).toBe(`${address} is ${why}`);
  });

  it.each(ALLOWED)("allows %s", (address) => {
    expect(whyAddressRefused(address)).toBeUndefined();
  });
});

/**
 * The URL policy in both modes: where the API runs locally anything http(s)
 * goes; deployed, https only, and never an address, or a name resolving to
 * one, that the address rules refuse. Host names resolve with the machine's
 * own DNS (localhost, a .invalid name), or with a resolver the test gives to
 * stand for a public name's answers, since the tests run without the internet.
 */
import { describe, expect, it } from "vitest";
import { urlPolicy } from "../src/outbound/index.js";

describe("urlPolicy('local')", () => {
  const policy = urlPolicy("local");

  it.each(["http://127.0.0.1:8080/hooks", "http://localhost/hooks", "https://[::1]:9000/", "https://hooks.example.com/in?token=x"])("allows %s", async (url) => {
    expect(await policy(url)).toBeUndefined();
  });

  it("refuses other schemes and what is not a URL", async () => {
    expect(await policy("ftp://example.com/hooks")).toBe("must use http or https");
    expect(await policy("not a url")).toBe("is not a URL");
  });
});

describe("urlPolicy('deployed')", () => {
  const policy = urlPolicy("deployed");

  it("requires https", async () => {
    expect(await policy("http://93.184.215.14/hooks")).toBe("must use https");
  });

  it("allows a public address written in the URL", async () => {
    expect(await policy("https://93.184.215.14/hooks")).toBeUndefined();
    expect(await policy("https://[2606:4700:4700::1111]:8443/hooks")).toBeUndefined();
  });

  it.each([
    ["https://10.0.0.1/hooks", "10.0.0.1 is private"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata address"],
    ["https://[::1]/hooks", "::1 is loopback"],
    ["https://[fd00:ec2::254]/", "fd00:ec2::254 is the cloud metadata address"],
    ["https://[::ffff:192.168.0.1]/", "::ffff:c0a8:1 is private (it maps to 192.168.0.1)"],
    // The URL parser reads these shorthands as 127.0.0.1, as a client would.
    ["https://2130706433/hooks", "127.0.0.1 is loopback"],
    ["https://0x7f.1/hooks", "127.0.0.1 is loopback"],
  ])("refuses %s", async (url, why) => {
    expect(await policy(url)).toBe(`is an address the API may not call: ${why}`);
  });

  it("refuses a name that resolves to loopback (localhost, from the machine's DNS)", async () => {
    expect(await policy("https://localhost/hooks")).toMatch(/^has a host name that resolves to an address the API may not call: (127\.0\.0\.1|::1) is loopback$/);
  });

  it("refuses a name that does not resolve", async () => {
    expect(await policy("https://no-such-host.invalid/hooks")).toBe("has a host name that does not resolve (no-such-host.invalid)");
  });

  it("allows a name only when every address it resolves to is public", async () => {
    const answers: Record<string, string[]> = {
      "hooks.example.com": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
      "split.example.com": ["93.184.215.14", "10.1.2.3"],
      "empty.example.com": [],
    };
    const withAnswers = urlPolicy("deployed", { resolve: async (hostname) => answers[hostname] ?? [] });
    expect(await withAnswers("https://hooks.example.com/in")).toBeUndefined();
    expect(await withAnswers("https://split.example.com/in")).toBe("has a host name that resolves to an address the API may not call: 10.1.2.3 is private");
    expect(await withAnswers("https://empty.example.com/in")).toBe("has a host name that does not resolve (empty.example.com)");
  });
});

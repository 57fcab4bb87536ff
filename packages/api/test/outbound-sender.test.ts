/**
 * The sender against a real receiver on 127.0.0.1: what each answer comes
 * to, what the receiver gets (a signed POST that standardwebhooks verifies),
 * and what is refused before any connection is made when only public addresses may be called.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "@events/core";
import { HANG_UP, startFileReceiver, type PathProgram } from "../../../test-support/index.js";
import { createSender, WEBHOOK_USER_AGENT } from "../src/outbound/index.js";
import { closedPort } from "./harness.js";

const receiver = await startFileReceiver();
beforeEach(() => {
  receiver.reset();
  receiver.program("/hooks", { answers: [204] });
});
/** How the receiver answers at /hooks from now on. */
const answer = (...answers: NonNullable<PathProgram["answers"]>) => receiver.program("/hooks", { answers });

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const send = createSender({ addresses: "any" });

/** A message to the receiver's /hooks, which is told its secrets (it verifies every request with each). */
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const outgoing = {
    url: receiver.url("/hooks"),
    messageId: "msg_01JSENDERTEST",
    body: JSON.stringify({ type: "registration.promoted", timestamp: new Date().toISOString(), data: { status: "registered" } }),
    secrets: [newSecret()],
    ...overrides,
  };
  receiver.program("/hooks", { secrets: outgoing.secrets });
  return outgoing;
}

describe("an attempt that gets an answer", () => {
  it("posts the body as JSON, signed with every secret, and a 2xx is its status", async () => {
    const secrets = [newSecret(), newSecret()];
    const sent = message({ secrets });
    const outcome = await send(sent);
    expect(outcome).toEqual({ status: 204, durationMs: expect.any(Number) });
    expect(Number.isInteger(outcome.durationMs) && outcome.durationMs >= 0).toBe(true);
    const [received] = receiver.messages();
    expect(received).toMatchObject({ method: "POST", path: "/hooks", body: sent.body });
    expect(received!.headers).toMatchObject({ "content-type": "application/json", "user-agent": WEBHOOK_USER_AGENT, "webhook-id": sent.messageId });
    const headers = received!.headers as Record<string, string>;
    for (const secret of secrets) expect(new Webhook(secret).verify(received!.body, headers)).toEqual(JSON.parse(sent.body));
  });

  it.each([200, 201, 500, 410, 400])("reports a %i as it is", async (status) => {
    answer({ status, body: "whatever" });
    expect(await send(message())).toEqual({ status, durationMs: expect.any(Number) });
  });

  it("reads Retry-After on a 429, in delta seconds or as an HTTP date", async () => {
    answer({ status: 429, retryAfter: "7" });
    expect(await send(message())).toMatchObject({ status: 429, retryAfterMs: 7_000 });

    const at = new Date(Date.now() + 120_000);
    answer({ status: 429, retryAfter: at.toUTCString() });
    const outcome = await send(message());
    expect(outcome).toMatchObject({ status: 429 });
    // An HTTP date has whole seconds: up to a second earlier than `at`, less the time the attempt took.
    expect("retryAfterMs" in outcome && outcome.retryAfterMs).toBeGreaterThan(110_000);
    expect("retryAfterMs" in outcome && outcome.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it("reads Retry-After on a 503, and only on 429 and 503", async () => {
    answer({ status: 503, retryAfter: "30" });
    expect(await send(message())).toMatchObject({ status: 503, retryAfterMs: 30_000 });
    answer(503);
    expect(await send(message())).toEqual({ status: 503, durationMs: expect.any(Number) });
    answer({ status: 500, retryAfter: "30" });
    expect(await send(message())).toEqual({ status: 500, durationMs: expect.any(Number) });
    answer({ status: 429, retryAfter: "soon" });
    expect(await send(message())).toEqual({ status: 429, durationMs: expect.any(Number) });
  });

  it("does not follow a redirect: a 302 is its status", async () => {
    answer({ status: 302, headers: { Location: "/elsewhere" } });
    expect(await send(message())).toMatchObject({ status: 302 });
    expect(receiver.messages().map((request) => request.path)).toEqual(["/hooks"]);
  });

  it("stops reading a long answer after 64 KiB and keeps its status", async () => {
    // 256 KiB, then the answer stalls without ending: only the 64 KiB limit ends this attempt before the test's time-out.
    answer({ status: 200, headers: { "Content-Type": "text/plain" }, body: Buffer.alloc(256 * 1024, "x"), endless: true });
    expect(await createSender({ addresses: "any", timeoutMs: 60_000 })(message())).toMatchObject({ status: 200 });
  });
});

describe("an attempt that gets no answer", () => {
  it("times out after timeoutMs when the receiver does not answer", async () => {
    receiver.program("/hooks", { held: true });
    const outcome = await createSender({ addresses: "any", timeoutMs: 300 })(message());
    expect(outcome).toEqual({ error: "timed out after 0.3 s", durationMs: expect.any(Number) });
    expect(receiver.messages()).toHaveLength(1);
  });

  it("names a closed port: connection refused", async () => {
    expect(await send(message({ url: `${await closedPort()}/hooks` }))).toEqual({ error: "connection refused", durationMs: expect.any(Number) });
  });

  it("names a host that does not resolve: DNS lookup failed", async () => {
    expect(await send(message({ url: "http://no-such-host.invalid/hooks" }))).toMatchObject({ error: expect.stringMatching(/^DNS lookup failed/) });
  });

  it("names a receiver that hangs up", async () => {
    answer(HANG_UP);
    expect(await send(message())).toMatchObject({ error: "connection reset" });
  });

  it("never throws: a secret that is not a key, or a URL that is not one, is an outcome", async () => {
    expect(await send(message({ secrets: ["whsec_!!!not base64!!!"] }))).toMatchObject({ error: "could not sign: a secret is not a whsec_ key" });
    expect(await send(message({ url: "not a url" }))).toMatchObject({ error: "invalid URL" });
    expect(await send(message({ url: "ftp://127.0.0.1/hooks" }))).toMatchObject({ error: "unsupported URL scheme ftp:" });
    expect(await send(message({ messageId: "msg\r\nX-Injected: 1" }))).toMatchObject({ error: "could not make the request: network error (ERR_INVALID_CHAR)" });
    expect(receiver.connections()).toBe(0);
  });
});

describe("only public addresses (deployed)", () => {
  const publicOnly = createSender({ addresses: "public" });

  it("refuses a loopback address written in the URL before connecting", async () => {
    const outcome = await publicOnly(message({ url: `https://127.0.0.1:${receiver.port}/hooks` }));
    expect(outcome).toEqual({ error: "address not allowed: 127.0.0.1 is loopback", durationMs: expect.any(Number) });
    expect(await publicOnly(message({ url: `https://[::ffff:7f00:1]:${receiver.port}/hooks` }))).toMatchObject({
      error: "address not allowed: ::ffff:7f00:1 is loopback (it maps to 127.0.0.1)",
    });
    expect(receiver.connections()).toBe(0);
  });

  it("refuses a name that resolves to loopback at connect time, before any connection", async () => {
    const outcome = await publicOnly(message({ url: `https://localhost:${receiver.port}/hooks` }));
    expect(outcome).toMatchObject({ error: expect.stringMatching(/^address not allowed: (127\.0\.0\.1|::1) is loopback$/) });
    expect(receiver.connections()).toBe(0);
  });

  it("refuses http", async () => {
    expect(await publicOnly(message({ url: "http://93.184.215.14/hooks" }))).toMatchObject({ error: "address not allowed: only https URLs are called" });
  });
});

/**
 * Sends one attempt: a signed POST over node:http/https (not fetch, whose
 * connections cannot be given our own DNS lookup). Never follows a redirect,
 * reads at most 64 KiB of the answer, is bounded as a whole by `timeoutMs`,
 * and never throws: every failure is an outcome. Logs nothing (URLs may carry tokens).
 */
import http from "node:http";
import https from "node:https";
import { ATTEMPT_TIMEOUT_MS, type AttemptOutcome, type OutgoingMessage, type Send } from "@events/core";
import { literalAddress, whyAddressRefused } from "./address-rules.js";
import { describeNetworkError } from "./network-errors.js";
import { publicOnlyLookup } from "./public-lookup.js";
import { parseRetryAfter } from "./retry-after.js";
import { signatureHeaders, type SignatureHeaders } from "./signing.js";

export const WEBHOOK_USER_AGENT = "events-api-webhooks/1";

/** Enough to know the receiver answered; the rest of a long answer is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface SenderOptions {
  /** `public` (deployed): https only, and every address connected to must be public (address-rules.ts). `any`: where the API runs locally. */
  addresses: "any" | "public";
  /** The whole attempt, from connecting to the answer. */
  timeoutMs?: number;
}

type Answer = { status: number; retryAfterMs?: number } | { error: string };

export function createSender({ addresses, timeoutMs = ATTEMPT_TIMEOUT_MS }: SenderOptions): Send {
  return async (message) => {
    const started = performance.now();
    const answer = await attempt(message, addresses, timeoutMs);
    const outcome: AttemptOutcome = { ...answer, durationMs: Math.round(performance.now() - started) };
    return outcome;
  };
}

async function attempt(message: OutgoingMessage, addresses: SenderOptions["addresses"], timeoutMs: number): Promise<Answer> {
  const target = checkTarget(message.url, addresses);
  if ("error" in target) return target;
  let signature: SignatureHeaders;
  try {
    signature = signatureHeaders(message, new Date());
  } catch {
    return { error: "could not sign: a secret is not a whsec_ key" };
  }
  return post(target.url, message.body, signature, addresses, timeoutMs);
}

/** What can be refused before connecting: the scheme, and an IP address written in the URL (no lookup happens for it). */
function checkTarget(text: string, addresses: SenderOptions["addresses"]): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: "invalid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `unsupported URL scheme ${url.protocol}` };
  if (addresses === "any") return { url };
  if (url.protocol !== "https:") return { error: "address not allowed: only https URLs are called" };
  const address = literalAddress(url);
  const refused = address === undefined ? undefined : whyAddressRefused(address);
  return refused === undefined ? { url } : { error: `address not allowed: ${refused}` };
}

function post(url: URL, body: string, signature: SignatureHeaders, addresses: SenderOptions["addresses"], timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let answered: Answer | undefined;
    let request: http.ClientRequest | undefined;
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request?.destroy();
      resolve(answer);
    };
    // Once the status is in, running out of time while the body trickles still counts as that status.
    const timer = setTimeout(() => finish(answered ?? { error: `timed out after ${seconds(timeoutMs)} s` }), timeoutMs);
    const onAnswer = (response: http.IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers["retry-after"], Date.now()) : undefined;
      const answer: Answer = retryAfterMs === undefined ? { status } : { status, retryAfterMs };
      answered = answer;
      // The answer is read (so the receiver is not left writing) and thrown away.
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_ANSWER_BYTES) finish(answer);
      });
      response.on("end", () => finish(answer));
      response.on("error", () => finish(answer));
      response.on("close", () => finish(answer));
    };
    try {
      request = (url.protocol === "https:" ? https : http).request(
        url,
        {
          method: "POST",
          // A fresh connection per attempt: nothing pooled outlives it, and each connect is checked.
          agent: false,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "User-Agent": WEBHOOK_USER_AGENT,
            ...signature,
          },
          ...(addresses === "public" ? { lookup: publicOnlyLookup } : {}),
        },
        onAnswer,
      );
    } catch (error) {
      // Node refuses some requests before sending anything (a header with characters HTTP does not allow).
      finish({ error: `could not make the request: ${describeNetworkError(error)}` });
      return;
    }
    request.on("error", (error) => finish(answered ?? { error: describeNetworkError(error) }));
    request.end(body);
  });
}

function seconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}

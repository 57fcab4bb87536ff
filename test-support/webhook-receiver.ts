/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that verifies
 * every request's signature with the Standard Webhooks library (as an
 * organizer's system would), records what arrived (headers and body as sent)
 * and how many connections were made, and answers per path as the test
 * programs it (a status sequence, a delay, `Retry-After`, 410, a hang-up).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect } from "vitest";
import { Webhook } from "standardwebhooks";

/** One answer: the status, and optionally a `Retry-After` value, other headers, a body and a delay before answering. */
export interface ReceiverAnswer {
  status: number;
  retryAfter?: string;
  /** More headers of the answer (a redirect's `Location`). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  delayMs?: number;
  /** Sends the head and the body, then never ends the answer (a sender must stop reading on its own). */
  endless?: boolean;
}

/** Closes the connection instead of answering. */
export const HANG_UP = "hang up";

/** How a path answers and which secrets it checks. */
export interface PathProgram {
  /** Every one of these must verify each request on the path (one secret: a receiver that knows only it). */
  secrets?: readonly string[];
  /** Answers in turn; the last one repeats. Default: 200 at once. */
  answers?: readonly (ReceiverAnswer | number | typeof HANG_UP)[];
  /**
   * While true, requests on the path wait unanswered (a slow endpoint, as slow as the test wants, without
   * a clock); setting it false answers those waiting. A connection closed while waiting gets no answer.
   */
  held?: boolean;
}

export interface ReceivedMessage {
  method: string;
  path: string;
  /** Every header as it arrived. */
  headers: IncomingHttpHeaders;
  /** The `webhook-id` header. */
  id: string;
  /** The `webhook-timestamp` header, Unix seconds. */
  timestamp: number;
  /** The `webhook-signature` header as sent, and how many `v1,` signatures it carried. */
  signature: string;
  signatureCount: number;
  contentType: string | null;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  /** Date.now() when the request's body had arrived. */
  arrivedAt: number;
  /** Position in the order of arrivals and answers across every receiver in this process (ordering without clocks). */
  arrivalOrder: number;
  /** Filled in when the answer has been sent. */
  answeredOrder?: number;
  answeredAt?: number;
  answeredWith?: number;
}

export interface VerificationFailure {
  path: string;
  id: string | undefined;
  reason: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  /** The absolute URL of a path on this receiver. */
  url(path: string): string;
  /** Sets (or merges into) how a path answers; new `answers` start again from the first. */
  program(path: string, program: PathProgram): void;
  /** Every request that carried a message (verified or not), in arrival order; only this path's when given. */
  messages(path?: string): ReceivedMessage[];
  /** The distinct `webhook-id`s that arrived on a path, in first-arrival order. */
  ids(path?: string): string[];
  /** Requests whose signature did not verify with every secret of their path (a test asserts there are none). */
  failures(): VerificationFailure[];
  /** Resolves with the messages once `predicate` holds for them (checked on every arrival), or rejects after `timeoutMs`. */
  waitFor(predicate: (messages: ReceivedMessage[]) => boolean, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Requests still being answered (a slow path's). */
  inFlight(): number;
  /** TCP connections accepted so far (none: a refused attempt never reached the receiver). */
  connections(): number;
  /** Forgets every request, connection and path program so far, for the next test; failures stay for `failures()`. */
  reset(): void;
  /** The next position in the order that arrivals and answers take (to place a test's own steps among them). */
  mark(): number;
  close(): Promise<void>;
}

let order = 0;
const nextOrder = () => ++order;

const answerOf = (answer: ReceiverAnswer | number | typeof HANG_UP): ReceiverAnswer | typeof HANG_UP =>
  typeof answer === "number" ? { status: answer } : answer;

/** Waits, or stops waiting when the connection closes first. */
function delay(ms: number, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    response.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why this request does not verify with every secret of its path, or undefined when it does. */
function verificationProblem(secrets: readonly string[] | undefined, body: string, headers: Record<string, string>): string | undefined {
  if (!secrets?.length) return "no secret programmed for this path";
  for (const [index, secret] of secrets.entries()) {
    try {
      new Webhook(secret).verify(body, headers);
    } catch (error) {
      return `secret #${index + 1}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return undefined;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const programs = new Map<string, PathProgram>();
  const served = new Map<string, number>();
  const received: ReceivedMessage[] = [];
  const failed: VerificationFailure[] = [];
  const waiters = new Set<() => void>();
  const heldRequests = new Map<string, Set<() => void>>();
  let inFlight = 0;
  let connections = 0;
  const notify = () => waiters.forEach((check) => check());

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    try {
      const path = new URL(request.url ?? "/", "http://receiver").pathname;
      const body = await readBody(request);
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value.join(", ") : value;
      };
      const headers = {
        "webhook-id": header("webhook-id") ?? "",
        "webhook-timestamp": header("webhook-timestamp") ?? "",
        "webhook-signature": header("webhook-signature") ?? "",
      };
      const program = programs.get(path) ?? {};
      const problem = verificationProblem(program.secrets, body, headers);
      if (problem) failed.push({ path, id: header("webhook-id"), reason: problem });

      const message: ReceivedMessage = {
        method: request.method ?? "",
        path,
        headers: request.headers,
        id: headers["webhook-id"],
        timestamp: Number(headers["webhook-timestamp"]),
        signature: headers["webhook-signature"],
        signatureCount: headers["webhook-signature"].split(" ").filter((part) => part.startsWith("v1,")).length,
        contentType: header("content-type") ?? null,
        body,
        json: parse(body),
        arrivedAt: Date.now(),
        arrivalOrder: nextOrder(),
      };
      received.push(message);
      notify();

      if (program.held && !response.destroyed) await heldUntilReleased(path, response);
      const answers = programs.get(path)?.answers ?? [200]; // as programmed now, after any hold
      const turn = served.get(path) ?? 0;
      served.set(path, turn + 1);
      const answer = answerOf(answers[Math.min(turn, answers.length - 1)] ?? 200);
      if (answer === HANG_UP) {
        response.socket?.destroy();
        return;
      }
      if (answer.delayMs && !response.destroyed) await delay(answer.delayMs, response);
      if (response.destroyed) return; // the sender gave up (a time-out, a killed process): no answer was given
      response.writeHead(answer.status, { ...answer.headers, ...(answer.retryAfter === undefined ? {} : { "Retry-After": answer.retryAfter }) });
      if (answer.endless) {
        response.write(answer.body ?? "");
        return;
      }
      await new Promise<void>((resolve) => response.end(answer.body ?? "", resolve));
      Object.assign(message, { answeredOrder: nextOrder(), answeredAt: Date.now(), answeredWith: answer.status });
      notify();
    } finally {
      inFlight--;
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const heldUntilReleased = (path: string, response: ServerResponse) =>
    new Promise<void>((resolve) => {
      const waiting = heldRequests.get(path) ?? new Set();
      heldRequests.set(path, waiting);
      waiting.add(resolve);
      response.once("close", () => {
        waiting.delete(resolve);
        resolve();
      });
    });

  const messages = (path?: string) => received.filter((message) => path === undefined || message.path === path);
  return {
    baseUrl,
    port,
    url: (path) => `${baseUrl}${path}`,
    program(path, program) {
      programs.set(path, { ...programs.get(path), ...program });
      if (program.answers) served.delete(path);
      if (program.held === false) {
        heldRequests.get(path)?.forEach((release) => release());
        heldRequests.delete(path);
      }
    },
    messages,
    ids: (path) => [...new Set(messages(path).map((message) => message.id))],
    failures: () => [...failed],
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate([...received])) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the receiver did not get what was awaited within ${timeoutMs} ms (${received.length} requests so far)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    inFlight: () => inFlight,
    connections: () => connections,
    reset() {
      for (const release of [...heldRequests.values()].flatMap((waiting) => [...waiting])) release();
      for (const records of [programs, served, heldRequests]) records.clear();
      received.length = 0;
      connections = 0;
    },
    mark: nextOrder,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A receiver for one test file: closed after its tests, which then assert that every request on it verified. */
export async function startFileReceiver(): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver();
  afterAll(async () => {
    expect(receiver.failures()).toEqual([]);
    await receiver.close();
  });
  return receiver;
}

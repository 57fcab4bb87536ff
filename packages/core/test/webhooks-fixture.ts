/**
 * What the webhook tests share (not a test file itself): a fresh table on the
 * test store per call, services built with the webhooks' ports — a local
 * AES-GCM cipher, a recording sender, a URL policy, a clock tests move — and
 * a way to write outbox messages as the changes do.
 */
import { afterAll } from "vitest";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { startTestStore } from "@events/local-store";
import {
  createDynamoClient,
  createServices,
  ensureTable,
  type AttemptOutcome,
  type OutgoingMessage,
  type SecretCipher,
  type WebhooksOptions,
} from "../src/index.js";
import { createStore } from "../src/model/store.js";
import { messageItem, type MessageItem, type NewMessage } from "../src/webhooks/outbox.js";

/** AES-256-GCM with a key made per test run: `iv.tag.ciphertext`, base64. */
export function testCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    async encrypt(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64")).join(".");
    },
    async decrypt(text) {
      const [iv, tag, ciphertext] = text.split(".").map((part) => Buffer.from(part, "base64"));
      const decipher = createDecipheriv("aes-256-gcm", key, iv!);
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString("utf8");
    },
  };
}

export interface Sent extends OutgoingMessage {
  /** Resolved once the attempt's outcome was handed back. */
  done: boolean;
}

/** A sender that records every attempt and answers with `answer` (200 unless told). */
export function recordingSender(answer: (message: OutgoingMessage) => AttemptOutcome | Promise<AttemptOutcome> = () => ({ status: 200, durationMs: 1 })) {
  const sent: Sent[] = [];
  return {
    sent,
    to: (url: string) => sent.filter((message) => message.url === url),
    async send(message: OutgoingMessage): Promise<AttemptOutcome> {
      const entry: Sent = { ...message, done: false };
      sent.push(entry);
      const outcome = await answer(message);
      entry.done = true;
      return outcome;
    },
  };
}

/** A clock that runs with real time, moved forward by `advance`. */
export function movableClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

/** A URL policy that refuses any host under `refused.test`. */
export const testUrlPolicy = async (url: string) => (new URL(url).hostname.endsWith("refused.test") ? "refused by the test policy" : undefined);

const running = await startTestStore();
const client = createDynamoClient({ endpoint: running.endpoint, requestTimeoutMs: 15_000, connectionTimeoutMs: 10_000, maxAttempts: 5 });
afterAll(async () => {
  client.destroy();
  await running.close();
});

let tableCounter = 0;

/** A fresh table (no endpoints, empty outbox), with services over it built from `options`. */
export async function webhookTable(options: Partial<WebhooksOptions> = {}) {
  const tableName = `Webhooks-${process.pid}-${++tableCounter}`;
  await ensureTable(client, tableName);
  const clock = movableClock();
  const sender = recordingSender();
  const ports: WebhooksOptions = { cipher: testCipher(), send: sender.send, urlPolicy: testUrlPolicy, now: clock.now, ...options };
  const services = createServices({ client, tableName, webhooks: ports });
  const store = createStore(client, tableName);
  return {
    ...services,
    webhooks: services.webhooks,
    dispatcher: services.dispatcher,
    clock,
    sender,
    ports,
    /** Another dispatcher over the same table (another process, another Lambda). */
    dispatcherWith: (more: Partial<WebhooksOptions>) => createServices({ client, tableName, webhooks: { ...ports, ...more } }).dispatcher,
    /** Writes an outbox message as a change does (timestamp: the clock's now), and returns it. */
    async putMessage(message: Partial<NewMessage> = {}): Promise<MessageItem> {
      const item = messageItem({
        type: "registration.created",
        eventId: "ev-a",
        data: { eventId: message.eventId ?? "ev-a", note: "as committed" },
        timestamp: new Date(clock.now()).toISOString(),
        ...message,
      });
      await store.entities.message.create(item).go();
      return item;
    },
    /** Messages still in the outbox. */
    async outbox(): Promise<MessageItem[]> {
      const { data } = await store.entities.message.scan.go({ pages: "all" });
      return data;
    },
  };
}

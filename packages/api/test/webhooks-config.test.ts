/**
 * The webhooks' settings (runtime/config.ts) and the local server that runs
 * the dispatcher: the retry schedule and the dispatch interval as durations (a
 * wrong one stops the server at start, in one line), the KMS key a deployed
 * function cannot start without, the attempt queue's URL; and `pnpm start` itself
 * delivering a change to a receiver, its start-up line still one line, stopping
 * cleanly on SIGTERM, its local key kept so that a secret still signs after a restart.
 * @module-tag embedded-store
 */
import { describe, expect, it } from "vitest";
import { Webhook as Verifier } from "standardwebhooks";
import { readConfig, readWebhookConfig } from "../src/runtime/config.js";
import { configRefusal } from "./config-refusal.js";
import { newEvent } from "./harness.js";
import { dataFolder, spawnServer, startServer } from "./server-process.js";
import { startFileReceiver } from "../../../test-support/index.js";

const dataDir = dataFolder("events-webhooks-");

const DEPLOYED = { DYNAMODB_TABLE_NAME: "Events", API_KEY: "a-service-key-of-forty-characters-012345" };

describe("the settings", () => {
  it("by default: the core's schedule, a sweep every 250 ms, no KMS key (locally)", () => {
    expect(readConfig({}).webhooks).toEqual({ dispatchIntervalMs: 250 });
  });

  it("WEBHOOK_RETRY_SCHEDULE: comma-separated durations, in ms", () => {
    expect(readWebhookConfig({ WEBHOOK_RETRY_SCHEDULE: "1s, 2s,5m" }).retrySchedule).toEqual([1_000, 2_000, 300_000]);
    expect(readWebhookConfig({ WEBHOOK_RETRY_SCHEDULE: "250ms,1h,1d" }).retrySchedule).toEqual([250, 3_600_000, 86_400_000]);
  });

  it.each(["5 minutes", "5s,,5m", "5", "-1s", "5s;5m"])("WEBHOOK_RETRY_SCHEDULE=%s: refused, naming the setting and the form", (value) => {
    expect(configRefusal(() => readConfig({ WEBHOOK_RETRY_SCHEDULE: value })).message).toMatch(/^WEBHOOK_RETRY_SCHEDULE must be comma-separated durations/);
  });

  it("WEBHOOK_DISPATCH_INTERVAL: one duration above zero", () => {
    expect(readWebhookConfig({ WEBHOOK_DISPATCH_INTERVAL: "50ms" }).dispatchIntervalMs).toBe(50);
    expect(readWebhookConfig({ WEBHOOK_DISPATCH_INTERVAL: "2s" }).dispatchIntervalMs).toBe(2_000);
    for (const value of ["1s,2s", "0ms", "soon"]) {
      expect(configRefusal(() => readWebhookConfig({ WEBHOOK_DISPATCH_INTERVAL: value })).message, value).toMatch(/^WEBHOOK_DISPATCH_INTERVAL must be one duration/);
    }
  });

  it("deployed: the KMS key is required (a refusal that names it), and read", () => {
    expect(configRefusal(() => readConfig(DEPLOYED, { deployed: true })).message).toMatch(/^WEBHOOK_KMS_KEY_ID is not set/);
    expect(readConfig({ ...DEPLOYED, WEBHOOK_KMS_KEY_ID: " alias/events " }, { deployed: true }).webhooks.kmsKeyId).toBe("alias/events");
    // Locally it is optional.
    expect(readConfig({}).webhooks.kmsKeyId).toBeUndefined();
  });

  it("WEBHOOK_ATTEMPT_QUEUE_URL: optional and trimmed; the queue's https URL (http for a local endpoint), refused otherwise", () => {
    const queueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/webhook-attempts";
    expect(readWebhookConfig({}).attemptQueueUrl).toBeUndefined();
    expect(readWebhookConfig({ WEBHOOK_ATTEMPT_QUEUE_URL: "  " }).attemptQueueUrl).toBeUndefined();
    expect(readWebhookConfig({ WEBHOOK_ATTEMPT_QUEUE_URL: ` ${queueUrl} ` }).attemptQueueUrl).toBe(queueUrl);
    expect(readWebhookConfig({ WEBHOOK_ATTEMPT_QUEUE_URL: "http://127.0.0.1:9324/000000000000/retries" }).attemptQueueUrl).toBe("http://127.0.0.1:9324/000000000000/retries");
    expect(readConfig({ ...DEPLOYED, WEBHOOK_KMS_KEY_ID: "alias/events", WEBHOOK_ATTEMPT_QUEUE_URL: queueUrl }, { deployed: true }).webhooks.attemptQueueUrl).toBe(queueUrl);
    for (const value of ["webhook-attempts", "arn:aws:sqs:eu-west-1:123456789012:webhook-attempts", "ftp://sqs.test/attempts"]) {
      expect(configRefusal(() => readConfig({ WEBHOOK_ATTEMPT_QUEUE_URL: value })).message, value).toMatch(/^WEBHOOK_ATTEMPT_QUEUE_URL must be the queue's https URL/);
    }
  });
});

describe("pnpm start", () => {
  it("a wrong WEBHOOK_RETRY_SCHEDULE: refuses to start, in one line that says why", { timeout: 60_000 }, async () => {
    const server = spawnServer(dataDir, { WEBHOOK_RETRY_SCHEDULE: "soon" });
    expect(await server.exited).toBe(1);
    expect(server.output.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^Events API failed to start: WEBHOOK_RETRY_SCHEDULE must be comma-separated durations/),
    ]);
  });

  it("a WEBHOOK_SECRET_KEY that is not 32 bytes of base64: refuses to start, without saying the value", { timeout: 60_000 }, async () => {
    const server = spawnServer(dataDir, { WEBHOOK_SECRET_KEY: "c2hvcnQta2V5" });
    expect(await server.exited).toBe(1);
    expect(server.output.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Events API failed to start: WEBHOOK_SECRET_KEY must be/)]);
    expect(server.output.stderr).not.toContain("c2hvcnQta2V5");
  });

  it("runs the dispatcher: a change reaches a receiver, signed; one start-up line; SIGTERM stops it; after a restart the secret still signs", { timeout: 90_000 }, async () => {
    const receiver = await startFileReceiver();
    let secret = "";
    /** One life of the server: `during` runs against its URL, then SIGTERM, which must end it cleanly. */
    const life = async (during: (post: (path: string, body: unknown) => Promise<Response>) => Promise<void>) => {
      const server = await startServer(dataDir, { WEBHOOK_RETRY_SCHEDULE: "1s" });
      try {
        expect(server.output.stdout.trim().split("\n")).toHaveLength(1);
        await during((path, body) =>
          fetch(`${server.baseUrl}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
        );
      } finally {
        server.child.kill("SIGTERM");
      }
      expect(await server.exited).toBe(0);
    };
    const verified = (index: number) =>
      new Verifier(secret).verify(receiver.messages()[index]!.body, receiver.messages()[index]!.headers as Record<string, string>);

    await life(async (post) => {
      const created = await post("/webhooks", { url: receiver.url("/local"), types: ["event.created"] });
      expect(created.status).toBe(201);
      secret = ((await created.json()) as { secret: string }).secret;
      receiver.program("/local", { secrets: [secret] });
      expect((await post("/events", newEvent({ eventId: "local-dispatch" }))).status).toBe(201);
      await expect.poll(() => receiver.messages().length, { timeout: 10_000 }).toBe(1);
      expect(verified(0)).toMatchObject({ type: "event.created", data: { eventId: "local-dispatch" } });
    });
    // The secret is kept encrypted with the key file in the data directory: the next start reads it back.
    await life(async (post) => {
      expect((await post("/events", newEvent({ eventId: "after-restart" }))).status).toBe(201);
      await expect.poll(() => receiver.messages().length, { timeout: 10_000 }).toBe(2);
      expect(verified(1)).toMatchObject({ type: "event.created", data: { eventId: "after-restart" } });
    });
  });
});

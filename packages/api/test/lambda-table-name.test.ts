/**
 * Which table the Lambda uses: the SST-linked `Events` table when deployed (or
 * under `sst dev`), else DYNAMODB_TABLE_NAME, else a clear configuration error.
 *
 * The SST link is read by SST's own `sst/resource` module from the
 * `SST_RESOURCE_*` variables SST sets on the function; those are read once per
 * process, so the tests that set them run a child Node process, as Lambda would.
 */
import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStore, type TestStore } from "../../../test-support/index.js";
import { createDynamoClient, createServices, ensureTable, EventNotFoundError, SERVICE } from "@events/core";
import { ConfigError } from "../src/runtime/config.js";
import { linkedTableName, resolveTableName } from "../src/runtime/config.js";
import { sampleEvent, v2Event } from "./lambda-events.js";
import { LAMBDA_API_KEY, LAMBDA_KMS_KEY_ID } from "./lambda-harness.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TABLE_NAME_MODULE = pathToFileURL(fileURLToPath(new URL("../src/runtime/config.ts", import.meta.url))).href;
const LAMBDA_MODULE = pathToFileURL(fileURLToPath(new URL("../src/lambda.ts", import.meta.url))).href;

// This process is not under `sst dev`/`sst shell`, even when the tests are run from one.
const sstVariables = Object.keys(process.env).filter((key) => key.startsWith("SST_RESOURCE_"));
const savedSst = sstVariables.map((key) => [key, process.env[key]] as const);
for (const key of sstVariables) delete process.env[key];
afterAll(() => {
  for (const [key, value] of savedSst) process.env[key] = value;
});

const SST_APP = JSON.stringify({ name: "events-api", stage: "test" });
const SST_EVENTS = JSON.stringify({ name: "LinkedEvents", type: "sst.aws.Dynamo" });

describe("resolveTableName(env, linked)", () => {
  it("the linked table wins over DYNAMODB_TABLE_NAME", () => {
    expect(resolveTableName({ DYNAMODB_TABLE_NAME: "FromEnv" }, () => "Linked")).toBe("Linked");
    expect(resolveTableName({}, () => "Linked")).toBe("Linked");
  });

  it("without a link, DYNAMODB_TABLE_NAME", () => {
    expect(resolveTableName({ DYNAMODB_TABLE_NAME: "FromEnv" }, () => undefined)).toBe("FromEnv");
  });

  it("neither: a ConfigError that says what to do", () => {
    for (const env of [{}, { DYNAMODB_TABLE_NAME: "" }]) {
      let error: unknown;
      try {
        resolveTableName(env, () => undefined);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const { name, message } = error as Error;
      expect(name).toBe("ConfigError");
      expect(message).toMatch(/DYNAMODB_TABLE_NAME/);
      expect(message).toMatch(/link/i);
      expect(message).toMatch(/sst/i);
    }
  });

  it("outside SST (no SST_RESOURCE_* variables) there is no link, and asking does not throw", () => {
    expect(Object.keys(process.env).filter((key) => key.startsWith("SST_RESOURCE_"))).toEqual([]);
    expect(linkedTableName()).toBeUndefined();
    expect(resolveTableName({ DYNAMODB_TABLE_NAME: "FromEnv" })).toBe("FromEnv");
  });
});

// ---------------------------------------------------------------------------

interface Child {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an ES module snippet in a fresh Node process (TypeScript through tsx) with exactly `env` on top of PATH. */
function runNode(code: string, env: Record<string, string>): Promise<Child> {
  const base: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"]) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", code],
      {
        cwd: ROOT,
        env: { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const exit = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
}

/** The value after `marker` on its own line of the child's stdout. */
function printed(child: Child, marker: string): string | undefined {
  const line = child.stdout.split("\n").find((l) => l.startsWith(marker));
  return line?.slice(marker.length);
}

const printTableName = `
const { resolveTableName } = await import(${JSON.stringify(TABLE_NAME_MODULE)});
console.log("TABLE=" + resolveTableName());
`;

describe("the real SST link (sst/resource, in a child process)", () => {
  it('SST_RESOURCE_Events is read: resolveTableName() is "LinkedEvents", whatever DYNAMODB_TABLE_NAME says', async () => {
    const child = await runNode(printTableName, {
      SST_RESOURCE_App: SST_APP,
      SST_RESOURCE_Events: SST_EVENTS,
      DYNAMODB_TABLE_NAME: "NotThisOne",
    });
    expect(child.code, child.stderr).toBe(0);
    expect(printed(child, "TABLE=")).toBe("LinkedEvents");
  });

  it("SST active but no Events link: DYNAMODB_TABLE_NAME", async () => {
    const child = await runNode(printTableName, { SST_RESOURCE_App: SST_APP, DYNAMODB_TABLE_NAME: "FromEnv" });
    expect(child.code, child.stderr).toBe(0);
    expect(printed(child, "TABLE=")).toBe("FromEnv");
  });

  it("neither: importing the Lambda entry fails at once with the ConfigError's message", async () => {
    const child = await runNode(
      `try { await import(${JSON.stringify(LAMBDA_MODULE)}); console.log("IMPORTED"); }
       catch (error) { console.log("ERROR=" + error.name + ": " + error.message); }`,
      {},
    );
    expect(child.code, child.stderr).toBe(0);
    expect(child.stdout).not.toContain("IMPORTED");
    expect(printed(child, "ERROR=")).toMatch(/^ConfigError: No events table: .*DYNAMODB_TABLE_NAME/);
  });
});

describe("the Lambda entry writes to the linked table", () => {
  let store: TestStore;
  const client = () => createDynamoClient({ endpoint: store.endpoint });

  beforeAll(async () => {
    store = await startStore();
    const setup = client();
    await ensureTable(setup, "LinkedEvents");
    await ensureTable(setup, "NotThisOne");
    setup.destroy();
  });
  afterAll(() => store.close());

  it("a POST through the handler (SST link set) lands in LinkedEvents, not in DYNAMODB_TABLE_NAME's table", async () => {
    const event = v2Event({ method: "POST", url: "/events", body: sampleEvent({ eventId: "linked-1" }), headers: [["X-Api-Key", LAMBDA_API_KEY]] });
    const child = await runNode(
      `const { handler } = await import(${JSON.stringify(LAMBDA_MODULE)});
       const result = await handler(JSON.parse(process.env.TEST_EVENT), {
         callbackWaitsForEmptyEventLoop: true, functionName: "events-api-test-Api", functionVersion: "$LATEST",
         invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:events-api-test-Api",
         memoryLimitInMB: "1024", awsRequestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
         logGroupName: "/aws/lambda/events-api-test-Api", logStreamName: "2025/03/12/[$LATEST]abc",
         getRemainingTimeInMillis: () => 29000,
       });
       console.log("RESULT=" + JSON.stringify(result));
       process.exit(0);`,
      {
        SST_RESOURCE_App: SST_APP,
        SST_RESOURCE_Events: SST_EVENTS,
        DYNAMODB_TABLE_NAME: "NotThisOne",
        // A deployed function refuses open mode: it has a service key.
        API_KEY: LAMBDA_API_KEY,
        WEBHOOK_KMS_KEY_ID: LAMBDA_KMS_KEY_ID,
        AWS_ENDPOINT_URL_DYNAMODB: store.endpoint,
        AWS_REGION: "us-east-1",
        // The test's own clients' credentials (createDynamoClient's local default): DynamoDB Local keeps one database per access key.
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        TEST_EVENT: JSON.stringify(event),
      },
    );
    expect(child.code, child.stderr).toBe(0);
    const result = JSON.parse(printed(child, "RESULT=") ?? "null") as { statusCode: number; body: string };
    expect(result.statusCode, result.body).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ eventId: "linked-1" });

    const reader = client();
    try {
      const linked = createServices({ client: reader, tableName: "LinkedEvents" }).events;
      expect(await linked.get("linked-1", SERVICE)).toMatchObject({ eventId: "linked-1" });
      const other = createServices({ client: reader, tableName: "NotThisOne" }).events;
      await expect(other.get("linked-1", SERVICE)).rejects.toBeInstanceOf(EventNotFoundError);
    } finally {
      reader.destroy();
    }
  });
});

/**
 * The deployed infrastructure against the code that runs locally, without AWS:
 * - the table SST declares (stacks/table-args.ts, what stacks/storage.ts hands
 *   to `sst.aws.Dynamo`) has the keys, attribute types and global indexes of
 *   the table the embedded store creates (`ensureTable`, from the same core
 *   definition), read back with DescribeTable;
 * - API Gateway's routes (stacks/http.ts) match what the app serves (its CORS
 *   is the app's own policy, @events/api/edge-policy);
 * - the function's handler and the files copied beside it exist;
 * - log retention and reserved concurrency per stage (stacks/operations.ts), and that
 *   every function, the gateway's access log and the API function get them;
 * `pnpm check:infra` type-checks the same arguments against SST's own types.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DescribeTableCommand, type TableDescription } from "@aws-sdk/client-dynamodb";
import { startStore, type TestStore } from "../../test-support/index.js";
import {
  EVENTS_TABLE,
  createDynamoClient,
  createServices,
  createTableInput,
  ensureTable,
} from "@events/core";
import {
  eventsTableArgs,
  eventsTableSettings,
  isProductionStage,
  type EventsTableArgs,
  type TableIndexArgs,
} from "../table-args.js";
import { ROUTES, THROTTLE } from "../http.js";
import { RESERVED_CONCURRENCY, operationsSettings } from "../operations.js";
import { BUNDLE_DIR, HANDLER, SWEEP_HANDLER, SWEEP_SCHEDULE, docsAssetCopies } from "../handler.js";
import { createApp, jsonLogger } from "@events/api";
import { deployer } from "./deploy.js";
import type { FakeSst } from "./fake-sst.js";

/** A table's key structure in one comparable shape (order-free, sorted). */
interface KeyShape {
  keySchema: string[];
  attributes: string[];
  globalIndexes: { name: string; keySchema: string[]; projection: string }[];
}

const sorted = <T>(values: T[], key: (value: T) => string = String) =>
  [...values].sort((a, b) => key(a).localeCompare(key(b)));

const keySchema = (hashKey: string, rangeKey?: string) => [`HASH:${hashKey}`, ...(rangeKey ? [`RANGE:${rangeKey}`] : [])];

/** The table SST creates from these args, as SST's Dynamo maps them onto `aws.dynamodb.Table`. */
function declaredShape(args: EventsTableArgs): KeyShape {
  const attributeType = { string: "S", number: "N", binary: "B" } as const;
  const projection = (index: TableIndexArgs) =>
    index.projection === undefined || index.projection === "all"
      ? "ALL"
      : index.projection === "keys-only"
        ? "KEYS_ONLY"
        : "INCLUDE";
  return {
    keySchema: keySchema(args.primaryIndex.hashKey, args.primaryIndex.rangeKey),
    attributes: sorted(Object.entries(args.fields).map(([name, type]) => `${name}:${attributeType[type]}`)),
    globalIndexes: sorted(
      Object.entries(args.globalIndexes).map(([name, index]) => ({
        name,
        keySchema: keySchema(index.hashKey, index.rangeKey),
        projection: projection(index),
      })),
      (index) => index.name,
    ),
  };
}

function describedShape(table: TableDescription): KeyShape {
  const keys = (schema: TableDescription["KeySchema"]) =>
    sorted((schema ?? []).map((key) => `${key.KeyType}:${key.AttributeName}`));
  return {
    keySchema: keys(table.KeySchema),
    attributes: sorted((table.AttributeDefinitions ?? []).map((a) => `${a.AttributeName}:${a.AttributeType}`)),
    globalIndexes: sorted(
      (table.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName ?? "",
        keySchema: keys(index.KeySchema),
        projection: index.Projection?.ProjectionType ?? "",
      })),
      (index) => index.name,
    ),
  };
}

let store: TestStore;
let client: ReturnType<typeof createDynamoClient>;
let described: TableDescription;

beforeAll(async () => {
  store = await startStore();
  client = createDynamoClient({ endpoint: store.endpoint });
  await ensureTable(client, "Events");
  const { Table } = await client.send(new DescribeTableCommand({ TableName: "Events" }));
  described = Table!;
});

afterAll(async () => {
  client?.destroy();
  await store?.close();
});

describe("the table SST declares is the table the embedded store creates", () => {
  for (const production of [false, true]) {
    const stage = production ? "production" : "other stages";

    it(`same key schema, attribute types and global indexes (${stage})`, () => {
      const declared = declaredShape(eventsTableArgs({ production }));
      expect(declared).toEqual(describedShape(described));
    });
  }

  it("has what the service needs: a string pk/sk table and four string-keyed indexes projecting everything", () => {
    const shape = describedShape(described);
    expect(shape.keySchema).toEqual(["HASH:pk", "RANGE:sk"]);
    expect(shape.attributes).toEqual(["gsi1pk:S", "gsi1sk:S", "gsi2pk:S", "gsi2sk:S", "gsi3pk:S", "gsi3sk:S", "gsi4pk:S", "gsi4sk:S", "pk:S", "sk:S"]);
    expect(shape.globalIndexes).toEqual([
      { name: "gsi1", keySchema: ["HASH:gsi1pk", "RANGE:gsi1sk"], projection: "ALL" },
      { name: "gsi2", keySchema: ["HASH:gsi2pk", "RANGE:gsi2sk"], projection: "ALL" },
      { name: "gsi3", keySchema: ["HASH:gsi3pk", "RANGE:gsi3sk"], projection: "ALL" },
      { name: "gsi4", keySchema: ["HASH:gsi4pk", "RANGE:gsi4sk"], projection: "ALL" },
    ]);
  });

  it("expires items by the TTL attribute the core declares (the idempotency records' expiresAt)", () => {
    for (const production of [false, true]) {
      expect(eventsTableArgs({ production }).ttl).toBe(EVENTS_TABLE.timeToLiveAttribute);
    }
    expect(EVENTS_TABLE.timeToLiveAttribute).toBe("expiresAt");
    // A TTL attribute is not a key: DynamoDB refuses attribute definitions no key uses.
    expect(Object.keys(eventsTableArgs({ production: false }).fields)).not.toContain(EVENTS_TABLE.timeToLiveAttribute);
  });

  it("declares only key attributes (DynamoDB refuses attribute definitions no key uses)", () => {
    const { fields, primaryIndex, globalIndexes } = eventsTableArgs({ production: false });
    const used = new Set([primaryIndex.hashKey, primaryIndex.rangeKey]);
    for (const index of Object.values(globalIndexes)) used.add(index.hashKey).add(index.rangeKey);
    expect(sorted(Object.keys(fields))).toEqual(sorted([...used].filter((name): name is string => !!name)));
  });

  it("bills on demand, as the local table does", () => {
    expect(eventsTableSettings({ production: true }).billingMode).toBe(createTableInput("Events").BillingMode);
    expect(eventsTableSettings({ production: false }).billingMode).toBe("PAY_PER_REQUEST");
  });

  it("production: deletion protection, point-in-time recovery, KMS encryption at rest", () => {
    expect(isProductionStage("production")).toBe(true);
    expect(eventsTableArgs({ production: true }).deletionProtection).toBe(true);
    expect(eventsTableSettings({ production: true })).toEqual({
      billingMode: "PAY_PER_REQUEST",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    });
  });

  it("other stages: removable, still with point-in-time recovery", () => {
    expect(isProductionStage("dev")).toBe(false);
    expect(eventsTableArgs({ production: false }).deletionProtection).toBe(false);
    expect(eventsTableSettings({ production: false }).pointInTimeRecovery).toEqual({ enabled: true });
  });
});

describe("API Gateway in front of the app", () => {
  const app = () => {
    const { events, registrations, calendarTokens, isReachable } = createServices({ client, tableName: "Events" });
    return createApp({
      events,
      registrations,
      calendarTokens,
      isStoreReachable: isReachable,
      log: jsonLogger("silent"),
    });
  };

  it("has a route for every REST path of the OpenAPI document, and a catch-all for the app's 404/405", async () => {
    const document = (await (await app().request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    expect(paths.length).toBeGreaterThan(0);
    // A parameter with more after it in its segment (`{token}.ics`) is routed as the whole segment.
    for (const path of paths) expect(ROUTES).toContain(`ANY ${path.replace(/\{([^}]+)\}[^/]+/g, "{$1}")}`);
    expect(ROUTES).toContain("$default");
  });

  it("writes every route as API Gateway takes it: each path part a literal or a whole-segment variable", () => {
    // API Gateway's own check of a route's path parts.
    const part = /^(\{[\w.-]+\+?\}|[a-zA-Z0-9._-]+)$/;
    for (const route of ROUTES.filter((r) => r !== "$default")) {
      for (const segment of route.replace(/^ANY \//, "").split("/")) expect(segment, route).toMatch(part);
    }
  });

  it("routes only paths the app serves (none falls to its unknown-path 404)", async () => {
    const samples: Record<string, string> = {
      eventId: "no-such-event",
      "proxy+": "events.list",
      asset: "swagger-ui.css",
      token: "no-such-token.ics",
    };
    const served = app();
    for (const route of ROUTES.filter((r) => r !== "$default")) {
      const path = route.replace(/^ANY /, "").replace(/\{([^}]+)\}/g, (_, name: string) => samples[name] ?? name);
      const response = await served.request(path);
      const body = response.status === 404 ? ((await response.json()) as { detail?: string }) : {};
      expect({ route, detail: body.detail }).not.toEqual({ route, detail: "Not found" });
    }
  });
});

describe("logs and concurrency, per stage", () => {
  it("production keeps the function's and the gateway's logs for 3 months, and reserves the gateway's burst", () => {
    expect(operationsSettings({ production: true })).toEqual({
      functionLogRetention: "3 months",
      accessLogRetention: "3 months",
      reservedConcurrency: THROTTLE.burstLimit,
    });
    expect(RESERVED_CONCURRENCY.production).toBe(200);
  });

  it("other stages keep logs for a week and reserve 10 copies", () => {
    expect(operationsSettings({ production: false })).toEqual({
      functionLogRetention: "1 week",
      accessLogRetention: "1 week",
      reservedConcurrency: 10,
    });
  });

  it("RESERVED_CONCURRENCY overrides the stage's reservation: a positive integer, or none", () => {
    expect(operationsSettings({ production: true, reservedConcurrency: "50" }).reservedConcurrency).toBe(50);
    expect(operationsSettings({ production: false, reservedConcurrency: " 3 " }).reservedConcurrency).toBe(3);
    expect(operationsSettings({ production: true, reservedConcurrency: "none" }).reservedConcurrency).toBeUndefined();
    expect(operationsSettings({ production: true, reservedConcurrency: "" }).reservedConcurrency).toBe(200);
    for (const wrong of ["0", "-1", "1.5", "ten", "10x"]) {
      expect(() => operationsSettings({ production: false, reservedConcurrency: wrong }), wrong).toThrow(/RESERVED_CONCURRENCY/);
    }
  });
});

describe("logs and concurrency, as the stacks hand them to SST", () => {
  const { deploy, cleanUp } = deployer();
  afterEach(cleanUp);

  /** Every Lambda function the stacks declare (on its own, in a Cron, as a stream or queue subscriber), by name: its args. */
  const functionsOf = (sst: FakeSst): Record<string, Record<string, unknown>> =>
    Object.fromEntries(
      sst.created.flatMap((c): [string, Record<string, unknown>][] => {
        if (c.type === "sst.aws.Function") return [[c.name, c.args]];
        if (c.type === "sst.aws.Cron") return [[c.name, c.args.function as Record<string, unknown>]];
        if (c.type === "sst.aws.Dynamo.subscribe" || c.type === "sst.aws.Queue.subscribe") return [[c.name, c.args.subscriber as Record<string, unknown>]];
        return [];
      }),
    );

  it.each([
    ["production", "3 months", RESERVED_CONCURRENCY.production],
    ["dev", "1 week", RESERVED_CONCURRENCY.other],
  ] as const)("%s: every function's log and the gateway's access log kept %s; the API function reserves %i", async (stage, retention, reserved) => {
    const sst = await deploy(stage);
    const functions = functionsOf(sst);
    expect(Object.keys(functions).length, "the API, the sweeps, the delivery and attempt functions").toBeGreaterThanOrEqual(5);
    for (const [name, args] of Object.entries(functions)) expect(args.logging, name).toEqual({ retention });
    expect(sst.args("sst.aws.ApiGatewayV2").accessLog).toEqual({ retention });
    expect(sst.args("sst.aws.Function").concurrency).toEqual({ reserved });
  });

  it("RESERVED_CONCURRENCY at deploy time sets the API function's reservation, or none", async () => {
    expect((await deploy("production", { RESERVED_CONCURRENCY: "50" })).args("sst.aws.Function").concurrency).toEqual({ reserved: 50 });
    expect((await deploy("production", { RESERVED_CONCURRENCY: "none" })).args("sst.aws.Function")).not.toHaveProperty("concurrency");
  });
});

describe("the function's files", () => {
  const root = resolve(import.meta.dirname, "../..");

  it("the handler is packages/api/src/lambda.ts, export `handler`", () => {
    const [file, name] = [HANDLER.slice(0, HANDLER.lastIndexOf(".")), HANDLER.slice(HANDLER.lastIndexOf(".") + 1)];
    const source = readFileSync(join(root, `${file}.ts`), "utf8");
    expect(source).toMatch(new RegExp(`export const ${name}\\b`));
  });

  it("the sweep's handler is packages/api/src/sweep.ts, export `handler`, run on a rate schedule", () => {
    const [file, name] = [SWEEP_HANDLER.slice(0, SWEEP_HANDLER.lastIndexOf(".")), SWEEP_HANDLER.slice(SWEEP_HANDLER.lastIndexOf(".") + 1)];
    const source = readFileSync(join(root, `${file}.ts`), "utf8");
    expect(source).toMatch(new RegExp(`export const ${name}\\b`));
    expect(source).toMatch(/finishDeletions\(\)/);
    expect(SWEEP_SCHEDULE).toMatch(/^rate\(\d+ (minutes?|hours?|days?)\)$/);
    // Declared, and part of the app.
    expect(readFileSync(join(root, "stacks/sweep.ts"), "utf8")).toMatch(/new sst\.aws\.Cron\(/);
    expect(readFileSync(join(root, "sst.config.ts"), "utf8")).toMatch(/import\("\.\/stacks\/sweep"\)/);
  });

  it("copies every docs asset from a file that exists to swagger-ui/ beside the bundle", () => {
    const copies = docsAssetCopies();
    expect(copies.map((copy) => copy.to.split("/").pop()).sort()).toEqual(["favicon-32x32.png", "swagger-ui-bundle.js", "swagger-ui.css"]);
    for (const copy of copies) {
      expect(existsSync(join(root, copy.from)), copy.from).toBe(true);
      expect(copy.to).toMatch(new RegExp(`^${BUNDLE_DIR}/swagger-ui/[^/]+$`));
    }
  });
});

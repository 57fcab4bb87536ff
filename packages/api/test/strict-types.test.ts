/**
 * No body field is ever coerced from another JSON type, on either surface:
 * every field of every write body, sent as each JSON type it is not, is a 422
 * naming that field alone, and nothing is stored or changed. The fields and
 * their types come from the served OpenAPI document (generated from the
 * schemas the procedures validate with), so a new field is covered as soon as
 * it exists, and a new write body fails here until it is covered.
 */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { expectFieldError } from "./rest-helpers.js";
import { restSurface, trpcSurface, type Answer, type Surface } from "./surfaces.js";

const api = await startTestApi();

type JsonType = "string" | "number" | "boolean" | "null" | "array" | "object";
interface BodyField {
  field: string;
  type: JsonType;
  example: unknown;
}

const WRITE_BODIES = [
  "POST /events",
  "PUT /events/{eventId}",
  "POST /events/{eventId}/registrations",
  "POST /webhooks",
  "PUT /webhooks/{webhookId}",
] as const;
type WriteBody = (typeof WRITE_BODIES)[number];

interface PropertySchema {
  type?: string;
  examples?: unknown[];
}
type Operation = { requestBody?: { content: Record<string, { schema: { properties: Record<string, PropertySchema> } }> } };
const document = (await api.json("GET", "/openapi.json")).body as { paths: Record<string, Record<string, Operation>> };

const operationsWithBodies = Object.entries(document.paths).flatMap(([path, operations]) =>
  Object.entries(operations).flatMap(([method, operation]) => (operation.requestBody ? [`${method.toUpperCase()} ${path}`] : [])),
);

/** The JSON type each property of a write body accepts, with its documented example. */
function bodyFields(operation: WriteBody): BodyField[] {
  const [method, path] = operation.split(" ") as [string, string];
  const { properties } = document.paths[path]![method.toLowerCase()]!.requestBody!.content["application/json"]!.schema;
  return Object.entries(properties).map(([field, schema]) => {
    const type = schema.type === "integer" ? "number" : schema.type;
    if (type !== "string" && type !== "number" && type !== "boolean" && type !== "array") {
      throw new Error(`${operation} ${field}: type ${schema.type} has no wrong values here yet`);
    }
    return { field, type, example: schema.examples?.[0] };
  });
}

/**
 * One value of each JSON type the field is not. The string is the field's own
 * example as text ("500", "true", "false"): exactly what a coercing parser
 * would accept.
 */
function wrongValues({ type, example }: BodyField): [JsonType, unknown][] {
  const all: [JsonType, unknown][] = [
    ["string", String(example)],
    ["number", type === "boolean" ? 1 : 42],
    ["boolean", true],
    ["null", null],
    ["array", Array.isArray(example) ? example : [example]],
    ["object", { value: example }],
  ];
  return all.filter(([wrong]) => wrong !== type);
}

const cases = (operation: WriteBody) =>
  bodyFields(operation).flatMap((field) => wrongValues(field).map(([wrong, value]) => ({ ...field, wrong, value })));

it("the write bodies covered here are every write body the API has", () => {
  expect(operationsWithBodies.sort()).toEqual([...WRITE_BODIES].sort());
  for (const operation of WRITE_BODIES) expect(bodyFields(operation).length).toBeGreaterThan(0);
  expect(bodyFields("POST /events").map((f) => f.field)).toEqual(expect.arrayContaining(["capacity", "waitlistEnabled", "date"]));
});

describe.each([restSurface(api), trpcSurface(api)])("over $name", (s: Surface) => {
  let counter = 0;
  const fresh = (label: string) => `${s.name}-strict-${label}-${++counter}`;

  function expectRejected(answer: Answer, field: string) {
    expect(answer.status, answer.detail).toBe(422);
    expect(answer.fields).toEqual([field]);
    if (s.name === "REST") expectFieldError(answer.rest!, field);
    else expect(answer.code).toBe("BAD_REQUEST");
  }
  const eventIds = async () => ((await s.listEvents({ limit: 100 })).body as { eventId: string }[]).map((e) => e.eventId).sort();

  describe("POST /events (events.create)", () => {
    it.each(cases("POST /events"))("$field as $wrong -> 422, nothing stored", async ({ field, value }) => {
      const eventId = fresh("create");
      const before = await eventIds();
      const res = await s.createEvent({ ...newEvent({ eventId, waitlistEnabled: false }), [field]: value });
      expectRejected(res, field);
      expect((await s.getEvent(eventId)).status).toBe(404);
      expect(await eventIds()).toEqual(before);
    });
  });

  describe("PUT /events/{eventId} (events.update)", () => {
    it.each(cases("PUT /events/{eventId}"))("$field as $wrong -> 422, nothing changed", async ({ field, value }) => {
      // Stored `true`: a "false" or 0 read as truthy would leave it so and still answer 200.
      const created = await s.createEvent(newEvent({ eventId: fresh("update"), waitlistEnabled: true }));
      expect(created.status, created.detail).toBe(201);
      const res = await s.updateEvent(created.body.eventId, { [field]: value });
      expectRejected(res, field);
      expect((await s.getEvent(created.body.eventId)).body).toEqual(created.body);
    });
  });

  /** Nothing listens there: a delivery fails at once, without leaving the machine. */
  const hook = "http://127.0.0.1:1/hook";
  const webhookIds = async () => ((await s.listWebhooks()).body as { webhookId: string }[]).map((w) => w.webhookId).sort();

  describe("POST /webhooks (webhooks.create)", () => {
    it.each(cases("POST /webhooks"))("$field as $wrong -> 422, nothing stored", async ({ field, value }) => {
      const before = await webhookIds();
      const res = await s.createWebhook({ url: hook, description: "Strict", [field]: value });
      expectRejected(res, field);
      expect(await webhookIds()).toEqual(before);
    });
  });

  describe("PUT /webhooks/{webhookId} (webhooks.update)", () => {
    it.each(cases("PUT /webhooks/{webhookId}"))("$field as $wrong -> 422, nothing changed", async ({ field, value }) => {
      // Stored enabled: a "false" or 0 read as falsy would change it and still answer 200.
      const created = await s.createWebhook({ url: hook, description: "Strict" });
      expect(created.status, created.detail).toBe(201);
      const res = await s.updateWebhook(created.body.webhookId, { [field]: value });
      expectRejected(res, field);
      const { secret: _secret, ...stored } = created.body;
      expect((await s.getWebhook(created.body.webhookId)).body).toEqual(stored);
    });
  });

  describe("POST /events/{eventId}/registrations (registrations.create)", () => {
    it.each(cases("POST /events/{eventId}/registrations"))("$field as $wrong -> 422, nobody registered", async ({ field, value }) => {
      const event = await s.createEvent(newEvent({ eventId: fresh("register") }));
      expect(event.status, event.detail).toBe(201);
      const userId = fresh("user");
      const res = await s.register(event.body.eventId, { userId, name: "Ada Lovelace", email: "ada@example.com", [field]: value });
      expectRejected(res, field);
      expect((await s.list(event.body.eventId)).body).toEqual([]);
      expect((await s.get(event.body.eventId, userId)).status).toBe(404);
      expect((await s.getEvent(event.body.eventId)).body).toEqual(event.body);
    });
  });
});

/**
 * The permission table of the contract (secured mode), every row, for every
 * kind of caller, over REST and over tRPC: anyone, a person (`pat`, who holds
 * the registration), another person (`oscar`), the event's owner (`olga`) and
 * a service; with drafts, which only their owner and services see.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { ForbiddenError } from "@events/core";
import { ACCESS_TABLE, accessDenial, type AccessRowName } from "../src/protocol/access.js";
import { appRouter } from "../src/trpc/router.js";
import type { ApiMeta } from "../src/protocol/rest-contract.js";
import { newEvent, startTestApi } from "./harness.js";
import { restSurface, trpcSurface, type Answer, type Surface } from "./surfaces.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "access-table-service-key-0123456789abcdef";
const issuer = await startDevIssuer({ audience: AUDIENCE, users: { pat: { name: "Pat Example", email: "pat@example.test" } } });
afterAll(() => issuer.close());
const api = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE } });

const CALLERS = ["anyone", "person", "other", "owner", "service"] as const;
type CallerName = (typeof CALLERS)[number];
const USER: Record<Exclude<CallerName, "anyone" | "service">, string> = { person: "pat", other: "oscar", owner: "olga" };
const HEADERS: Record<CallerName, Record<string, string>> = {
  anyone: {},
  service: { "X-Api-Key": KEY },
  person: { Authorization: `Bearer ${await issuer.token(USER.person)}` },
  other: { Authorization: `Bearer ${await issuer.token(USER.other)}` },
  owner: { Authorization: `Bearer ${await issuer.token(USER.owner)}` },
};

/** What each caller gets: a status, or a check of the whole answer. */
type Expect = number | ((answer: Answer) => void);

interface Case {
  row: AccessRowName;
  name: string;
  /** Runs as `as` on events made for this transport (`ids`); a case that changes things gets its own `fresh` event. */
  run(as: Surface, ids: Fixture, caller: CallerName): Promise<Answer>;
  expect: Record<CallerName, Expect>;
}

interface Fixture {
  /** Published, owned by olga; pat is registered. */
  published: string;
  /** A draft owned by olga. */
  draft: string;
  /** A new published event owned by olga, with `guest-<caller>` registered, for a case that changes it. */
  fresh(caller: CallerName): Promise<string>;
  /** A webhook endpoint olga made for her published event. */
  webhook: string;
  /** A new one of olga's, for a case that deletes it. */
  freshWebhook(): Promise<string>;
}

/** Nothing listens there: deliveries fail at once, without leaving the machine. */
const HOOK_URL = "http://127.0.0.1:1/hook";
const webhookIds = (answer: Answer) => (answer.body as { webhookId: string }[]).map((webhook) => webhook.webhookId);

const ids = (answer: Answer) => (answer.body as { eventId: string }[]).map((event) => event.eventId);
const includes = (eventId: string) => (answer: Answer) => {
  expect(answer.status).toBe(200);
  expect(ids(answer)).toContain(eventId);
};
const leavesOut = (eventId: string) => (answer: Answer) => {
  expect(answer.status).toBe(200);
  expect(ids(answer)).not.toContain(eventId);
};
const all = (expected: Expect): Record<CallerName, Expect> => ({ anyone: expected, person: expected, other: expected, owner: expected, service: expected });
/** A create: refused to anyone, otherwise owned by the caller (a service's by no one). */
const createdAsTheirOwn: Record<CallerName, Expect> = {
  anyone: 401,
  person: (a) => expect([a.status, a.body.ownerId]).toEqual([201, "pat"]),
  other: (a) => expect([a.status, a.body.ownerId]).toEqual([201, "oscar"]),
  owner: (a) => expect([a.status, a.body.ownerId]).toEqual([201, "olga"]),
  service: (a) => expect([a.status, a.body.ownerId]).toEqual([201, undefined]),
};
/** A list of events: olga's draft is in it for her and for services only (read when the case runs: the fixture is made per transport). */
const draftListedToOwnerAndServices: Record<CallerName, Expect> = {
  anyone: (a) => leavesOut(fixture.draft)(a),
  person: (a) => leavesOut(fixture.draft)(a),
  other: (a) => leavesOut(fixture.draft)(a),
  owner: (a) => includes(fixture.draft)(a),
  service: (a) => includes(fixture.draft)(a),
};

let fixture: Fixture;

const CASES: Case[] = [
  { row: "readEvents", name: "GET /events/{id} of a published event", run: (as, f) => as.getEvent(f.published), expect: all(200) },
  { row: "readEvents", name: "GET /events lists it", run: (as) => as.listEvents(), expect: all((a) => includes(fixture.published)(a)) },
  {
    row: "readDrafts",
    name: "GET /events/{id} of a draft",
    run: (as, f) => as.getEvent(f.draft),
    expect: { anyone: 404, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "readDrafts",
    name: "GET /events leaves the draft out",
    run: (as) => as.listEvents(),
    expect: draftListedToOwnerAndServices,
  },
  {
    row: "readDrafts",
    name: "GET /events?status=draft",
    run: (as) => as.listEvents({ status: "draft" }),
    expect: draftListedToOwnerAndServices,
  },
  {
    row: "createEvent",
    name: "POST /events",
    run: (as) => as.createEvent(newEvent()),
    expect: createdAsTheirOwn,
  },
  {
    row: "createEvent",
    name: "POST /events naming another owner",
    run: (as) => as.createEvent(newEvent({ ownerId: "olga" })),
    expect: {
      anyone: 401,
      person: 403,
      other: 403,
      owner: (a) => expect([a.status, a.body.ownerId]).toEqual([201, "olga"]),
      service: (a) => expect([a.status, a.body.ownerId]).toEqual([201, "olga"]),
    },
  },
  {
    row: "changeEvent",
    name: "PUT /events/{id}",
    run: (as, f) => as.updateEvent(f.published, { location: "Hall B" }),
    expect: { anyone: 401, person: 403, other: 403, owner: 200, service: 200 },
  },
  {
    row: "changeEvent",
    name: "PUT /events/{id} of a draft",
    run: (as, f) => as.updateEvent(f.draft, { location: "Hall C" }),
    expect: { anyone: 401, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "changeEvent",
    name: "DELETE /events/{id}",
    run: async (as, f, caller) => as.deleteEvent(await f.fresh(caller)),
    expect: { anyone: 401, person: 403, other: 403, owner: 204, service: 204 },
  },
  {
    row: "register",
    name: "POST /events/{id}/registrations without a userId",
    run: async (as, f, caller) => as.register(await f.fresh(caller), {}),
    expect: {
      anyone: 401,
      // Themselves, with their token's name and e-mail.
      person: (a) => expect([a.status, a.body]).toMatchObject([201, { userId: "pat", name: "Pat Example", email: "pat@example.test" }]),
      other: (a) => expect([a.status, a.body.userId]).toEqual([201, "oscar"]),
      owner: (a) => expect([a.status, a.body.userId]).toEqual([201, "olga"]),
      // A service names who registers.
      service: 422,
    },
  },
  {
    row: "register",
    name: "POST /events/{id}/registrations naming someone else",
    run: async (as, f, caller) => as.register(await f.fresh(caller), { userId: "someone-else", name: "Someone" }),
    expect: {
      anyone: 401,
      person: 403,
      other: 403,
      owner: (a) => expect([a.status, a.body.userId, a.body.email]).toEqual([201, "someone-else", undefined]),
      service: 201,
    },
  },
  {
    row: "register",
    name: "POST /events/{id}/registrations on a draft",
    run: (as, f) => as.register(f.draft, { userId: "pat" }),
    expect: { anyone: 401, person: 404, other: 404, owner: 409, service: 409 },
  },
  {
    row: "readRegistration",
    name: "GET /events/{id}/registrations/pat",
    run: (as, f) => as.get(f.published, "pat"),
    expect: { anyone: 401, person: 200, other: 403, owner: 200, service: 200 },
  },
  {
    row: "listRegistrations",
    name: "GET /events/{id}/registrations",
    run: (as, f) => as.list(f.published),
    expect: { anyone: 401, person: 403, other: 403, owner: 200, service: 200 },
  },
  {
    row: "listRegistrations",
    name: "GET /events/{id}/registrations of a draft",
    run: (as, f) => as.list(f.draft),
    expect: { anyone: 401, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "cancelRegistration",
    name: "DELETE /events/{id}/registrations/{someone else}",
    run: async (as, f, caller) => as.unregister(await f.fresh(caller), `guest-${caller}`),
    expect: { anyone: 401, person: 403, other: 403, owner: 204, service: 204 },
  },
  {
    row: "cancelRegistration",
    name: "DELETE /events/{id}/registrations/{their own}",
    run: async (as, f, caller) => {
      const eventId = await f.fresh(caller);
      if (caller !== "anyone" && caller !== "service") await as.register(eventId, {});
      return as.unregister(eventId, caller === "anyone" || caller === "service" ? `guest-${caller}` : USER[caller]);
    },
    expect: { anyone: 401, person: 204, other: 204, owner: 204, service: 204 },
  },
  {
    row: "userData",
    name: "GET /users/pat/registrations",
    run: (as) => as.listByUser("pat"),
    expect: { anyone: 401, person: 200, other: 403, owner: 403, service: 200 },
  },
  {
    row: "userData",
    name: "POST /users/pat/calendar-token",
    run: (as) => as.issueCalendarToken("pat"),
    expect: { anyone: 401, person: 201, other: 403, owner: 403, service: 201 },
  },
  {
    row: "userData",
    name: "DELETE /users/pat/calendar-token",
    run: (as) => as.revokeCalendarToken("pat"),
    expect: { anyone: 401, person: 204, other: 403, owner: 403, service: 204 },
  },
  {
    row: "userEvents",
    name: "GET /users/olga/events",
    run: (as) => as.listByOwner("olga"),
    expect: {
      anyone: (a) => (includes(fixture.published)(a), leavesOut(fixture.draft)(a)),
      person: (a) => (includes(fixture.published)(a), leavesOut(fixture.draft)(a)),
      other: (a) => (includes(fixture.published)(a), leavesOut(fixture.draft)(a)),
      owner: (a) => (includes(fixture.published)(a), includes(fixture.draft)(a)),
      service: (a) => (includes(fixture.published)(a), includes(fixture.draft)(a)),
    },
  },
  {
    row: "userEvents",
    name: "GET /users/olga/events?status=draft",
    run: (as) => as.listByOwner("olga", { status: "draft" }),
    expect: {
      anyone: (a) => expect([a.status, a.body]).toEqual([200, []]),
      person: (a) => expect([a.status, a.body]).toEqual([200, []]),
      other: (a) => expect([a.status, a.body]).toEqual([200, []]),
      owner: (a) => includes(fixture.draft)(a),
      service: (a) => includes(fixture.draft)(a),
    },
  },
  {
    row: "createWebhook",
    name: "POST /webhooks",
    run: (as) => as.createWebhook({ url: HOOK_URL }),
    expect: createdAsTheirOwn,
  },
  {
    row: "createWebhook",
    name: "POST /webhooks for olga's event",
    run: (as, f) => as.createWebhook({ url: HOOK_URL, eventId: f.published }),
    expect: { anyone: 401, person: 403, other: 403, owner: 201, service: 201 },
  },
  {
    row: "manageWebhooks",
    name: "GET /webhooks/{olga's}",
    run: (as, f) => as.getWebhook(f.webhook),
    expect: { anyone: 401, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "manageWebhooks",
    name: "GET /webhooks lists olga's to her and to services",
    run: (as) => as.listWebhooks(),
    expect: {
      anyone: 401,
      person: (a) => (expect(a.status).toBe(200), expect(webhookIds(a)).not.toContain(fixture.webhook)),
      other: (a) => (expect(a.status).toBe(200), expect(webhookIds(a)).not.toContain(fixture.webhook)),
      owner: (a) => (expect(a.status).toBe(200), expect(webhookIds(a)).toContain(fixture.webhook)),
      service: (a) => (expect(a.status).toBe(200), expect(webhookIds(a)).toContain(fixture.webhook)),
    },
  },
  {
    row: "manageWebhooks",
    name: "PUT /webhooks/{olga's}",
    run: (as, f) => as.updateWebhook(f.webhook, { description: "Changed" }),
    expect: { anyone: 401, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "manageWebhooks",
    name: "POST /webhooks/{olga's}/secret",
    run: (as, f) => as.rotateWebhookSecret(f.webhook),
    expect: { anyone: 401, person: 404, other: 404, owner: 201, service: 201 },
  },
  {
    row: "manageWebhooks",
    name: "GET /webhooks/{olga's}/deliveries",
    run: (as, f) => as.listDeliveries(f.webhook),
    expect: { anyone: 401, person: 404, other: 404, owner: 200, service: 200 },
  },
  {
    row: "manageWebhooks",
    name: "DELETE /webhooks/{olga's}",
    run: async (as, f) => as.deleteWebhook(await f.freshWebhook()),
    expect: { anyone: 401, person: 404, other: 404, owner: 204, service: 204 },
  },
];

const service = restSurface(api, HEADERS.service);
const olga = restSurface(api, HEADERS.owner);
let made = 0;

/** The events of one transport's cases, made by the service. */
async function makeFixture(prefix: string): Promise<Fixture> {
  const create = async (overrides: Record<string, unknown>) => {
    const created = await service.createEvent(newEvent({ eventId: `${prefix}-${++made}`, ownerId: "olga", waitlistEnabled: true, ...overrides }));
    expect(created.status).toBe(201);
    return created.body.eventId as string;
  };
  const published = await create({});
  expect((await service.register(published, { userId: "pat" })).status).toBe(201);
  const olgasWebhook = async () => {
    const made = await olga.createWebhook({ url: HOOK_URL, eventId: published });
    expect(made.status).toBe(201);
    return made.body.webhookId as string;
  };
  return {
    published,
    webhook: await olgasWebhook(),
    freshWebhook: olgasWebhook,
    draft: await create({ status: "draft" }),
    async fresh(caller) {
      const eventId = await create({});
      expect((await service.register(eventId, { userId: `guest-${caller}` })).status).toBe(201);
      return eventId;
    },
  };
}

describe("every row of the access table is exercised here, and every procedure names a row", () => {
  it("rows", () => {
    const covered = new Set(CASES.map((c) => c.row));
    // `GET /me` and the secret feed have their own tests (auth-*.test.ts, calendar-token.test.ts).
    const elsewhere: AccessRowName[] = ["whoAmI", "secretFeed"];
    expect([...covered, ...elsewhere].sort()).toEqual(Object.keys(ACCESS_TABLE).sort());
  });

  it("procedures", () => {
    const rows = Object.entries(appRouter._def.procedures).map(([path, procedure]) => [
      path,
      ((procedure as unknown as { _def: { meta?: ApiMeta } })._def.meta?.access ?? "none") in ACCESS_TABLE,
    ]);
    expect(rows.filter(([, named]) => !named)).toEqual([]);
  });

  it("the README's table is this table", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../../README.md"), "utf8");
    const shown = /<!-- access-table:[^>]*-->\n([\s\S]*?)\n<!-- \/access-table -->/.exec(readme)?.[1];
    const rows = Object.values(ACCESS_TABLE).map((r) => `| ${r.operation} | ${r.anyone.says} | ${r.person.says} | ${r.owner.says} | ${r.service.says} |`);
    expect(shown).toBe(["| operation | anyone | a person | the event's owner | a service |", "|---|---|---|---|---|", ...rows].join("\n"));
  });

  it("an operation without a row is refused, in secured and in open mode alike", () => {
    for (const secured of [true, false]) {
      const denied = accessDenial({ caller: { kind: "service", keyId: "key-1" }, secured, missingCredentialDetail: "" }, undefined);
      expect(denied).toBeInstanceOf(ForbiddenError);
      expect(accessDenial({ caller: { kind: "service", keyId: "key-1" }, secured, missingCredentialDetail: "" }, "toString")).toBeInstanceOf(ForbiddenError);
    }
  });
});

describe.each([
  ["REST", (headers: Record<string, string>) => restSurface(api, headers)],
  ["tRPC", (headers: Record<string, string>) => trpcSurface(api, headers)],
] as const)("over %s", (transport, surfaceAs) => {
  beforeAll(async () => {
    fixture = await makeFixture(`table-${transport}`);
  });

  describe.each(CASES)("$row: $name", (tableCase) => {
    it.each(CALLERS)("as %s", async (caller) => {
      const answer = await tableCase.run(surfaceAs(HEADERS[caller]), fixture, caller);
      const expected = tableCase.expect[caller];
      if (typeof expected === "number") expect(answer.status, answer.detail).toBe(expected);
      else expected(answer);
      if (answer.status === 401) expect(transport === "tRPC" ? answer.code : answer.detail).toBeTruthy();
      if (answer.status === 403 && transport === "tRPC") expect(answer.code).toBe("FORBIDDEN");
    });
  });
});

describe("the feeds, by the same rows", () => {
  let feedFixture: Fixture;
  beforeAll(async () => {
    feedFixture = await makeFixture("table-feeds");
  });
  const get = (path: string, caller: CallerName) => api.request(path, { headers: HEADERS[caller] });

  it.each(CALLERS)("readEvents/readDrafts: an event's feed as %s (a draft's: 404 but for its owner and services)", async (caller) => {
    expect((await get(`/events/${feedFixture.published}/calendar.ics`, caller)).status).toBe(200);
    const draft = await get(`/events/${feedFixture.draft}/calendar.ics`, caller);
    expect(draft.status).toBe(caller === "owner" || caller === "service" ? 200 : 404);
  });

  it.each(CALLERS)("readDrafts: /events.ics?status=draft as %s leaves drafts out but for their owner and services", async (caller) => {
    const feed = await get("/events.ics?status=draft", caller);
    expect(feed.status).toBe(200);
    expect((await feed.text()).includes(`UID:${feedFixture.draft}@`)).toBe(caller === "owner" || caller === "service");
  });

  it("readDrafts: pat's feed leaves out an event of his that went back to draft, for him and for a service alike", async () => {
    const { body } = await service.createEvent(newEvent({ eventId: `table-feeds-${++made}`, ownerId: "olga" }));
    expect((await service.register(body.eventId, { userId: "pat" })).status).toBe(201);
    expect((await service.updateEvent(body.eventId, { status: "draft" })).status).toBe(200);
    for (const caller of ["person", "service"] as const) {
      const feed = await get("/users/pat/calendar.ics", caller);
      const text = await feed.text();
      expect([feed.status, text.includes(`UID:${feedFixture.published}@`), text.includes(`UID:${body.eventId}@`)]).toEqual([200, true, false]);
    }
  });

  it.each(CALLERS)("userData: /users/pat/calendar.ics as %s", async (caller) => {
    const feed = await get("/users/pat/calendar.ics", caller);
    expect(feed.status).toBe({ anyone: 401, person: 200, other: 403, owner: 403, service: 200 }[caller]);
    if (feed.status === 401) expect(feed.headers.get("www-authenticate")).toMatch(/^Bearer realm=/);
    if (feed.status === 200) expect(feed.headers.get("cache-control")).toBe("private, no-store");
  });
});

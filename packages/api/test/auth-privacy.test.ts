/**
 * Personal data and secrets: no log line holds a token, a key or an e-mail
 * address (paths with secrets are logged as their route); responses carrying a
 * registration, the caller or a person's feed are `Cache-Control: private, no-store`.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDevIssuer } from "@events/dev-issuer";
import { jsonLogger, type LogEntry, type Logger } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";
import { bearer, trpcAuth } from "./auth-helpers.js";

const AUDIENCE = "http://localhost:8000";
const KEY = "privacy-test-service-key-0123456789abcdef";
const EMAIL = "carol.private@example.test";
const issuer = await startDevIssuer({ audience: AUDIENCE });
afterAll(() => issuer.close());

/** Every line the API logs, as the JSON logger would write it (info level: the access log too). */
const lines: string[] = [];
const sink = jsonLogger("info");
const log: Logger = Object.assign((entry: LogEntry) => {
  lines.push(JSON.stringify(entry));
  sink(entry);
}, { level: "info" as const });
const printed: string[] = [];
for (const stream of ["log", "error", "warn", "info"] as const) {
  const spy = vi.spyOn(console, stream).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(" ")));
  afterAll(() => spy.mockRestore());
}

const api = await startTestApi({ apiKey: KEY, auth: { issuer: issuer.issuer, audience: AUDIENCE }, log });
const token = await issuer.token("carol", { email: EMAIL });
/** The secret feed address issued in the log test. */
let feedToken = "";

describe("no log line holds a token, a key or an e-mail address", () => {
  it("requests with a token, a key, an e-mail in a body (and refused ones): none of them is logged", async () => {
    await api.json("GET", "/me", undefined, bearer(token));
    await api.json("POST", "/events", newEvent({ eventId: "privacy-1" }), { "X-Api-Key": KEY });
    await api.json("POST", "/events/privacy-1/registrations", { userId: "carol", email: EMAIL }, { Authorization: `Bearer ${KEY}` });
    await api.json("POST", "/events/privacy-1/registrations", { userId: "carol", email: EMAIL }, bearer(token));
    await api.json("GET", "/events/privacy-1/registrations?email=" + encodeURIComponent(EMAIL), undefined, { "X-Api-Key": `${KEY}x` });
    await api.json("GET", "/me", undefined, bearer(`${token.slice(0, -4)}AAAA`));
    await trpcAuth(api).me(bearer(token));
    await trpcAuth(api).createEvent(newEvent({ eventId: "privacy-2", description: EMAIL }), { "X-Api-Key": KEY });
    await api.request(`/calendars/${token.slice(0, 40)}.ics`);
    const issued = await api.json("POST", "/users/carol/calendar-token", undefined, bearer(token));
    feedToken = new URL(issued.body.url).pathname.split("/").pop()!.replace(/\.ics$/, "");
    expect((await api.request(`/calendars/${feedToken}.ics`)).status).toBe(200);
    // Mistyped addresses hold the token too.
    expect((await api.request(`/calendars/${feedToken}`)).status).toBe(404);
    expect((await api.request(`/calendars/${feedToken}.ics/more`)).status).toBe(404);

    const all = [...lines, ...printed];
    expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(9);
    for (const secret of [token, token.split(".")[2]!, KEY, EMAIL, token.slice(0, 40), feedToken]) {
      expect(all.filter((line) => line.includes(secret)), secret.slice(0, 12)).toEqual([]);
    }
  });

  it("a path with a secret is logged as its route template", () => {
    const feed = lines.map((line) => JSON.parse(line) as { path?: string }).filter((entry) => entry.path?.startsWith("/calendars/"));
    expect(feed.map((entry) => entry.path)).toEqual(Array(4).fill("/calendars/{token}.ics"));
  });
});

describe("Cache-Control: private, no-store on personal data", () => {
  it("every registration response, /me and a person's feed; not on public events", async () => {
    const key = { "X-Api-Key": KEY };
    await api.json("POST", "/events", newEvent({ eventId: "cache-1" }), key);
    const responses = [
      await api.json("POST", "/events/cache-1/registrations", { userId: "dave", email: "d@example.test" }, key),
      await api.json("GET", "/events/cache-1/registrations/dave", undefined, key),
      await api.json("GET", "/events/cache-1/registrations", undefined, key),
      await api.json("GET", "/users/dave/registrations", undefined, key),
      await api.json("GET", "/me", undefined, key),
      await api.json("POST", "/users/dave/calendar-token", undefined, key),
    ];
    for (const response of responses) expect(response.headers.get("cache-control"), JSON.stringify(response.body)).toBe("private, no-store");
    const feed = await api.request("/users/dave/calendar.ics", { headers: key });
    expect([feed.status, feed.headers.get("cache-control")]).toEqual([200, "private, no-store"]);
    const secret = await api.request(new URL(responses.at(-1)!.body.url).pathname);
    expect([secret.status, secret.headers.get("cache-control")]).toEqual([200, "private, no-store"]);
    expect((await api.json("GET", "/events/cache-1")).headers.get("cache-control")).not.toBe("private, no-store");

    const trpc = await api.request(`/trpc/registrations.get?input=${encodeURIComponent(JSON.stringify({ eventId: "cache-1", userId: "dave" }))}`, {
      headers: key,
    });
    expect([trpc.status, trpc.headers.get("cache-control")]).toEqual([200, "private, no-store"]);
  });
});

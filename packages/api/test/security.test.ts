/** The optional API key for writes, security headers, and request ids in responses and logs. */
import { describe, expect, it } from "vitest";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../src/index.js";
import type { LogEntry } from "../src/index.js";
import { newEvent, startTestApi } from "./harness.js";

describe("API key for writes", async () => {
  const api = await startTestApi({ apiKey: "s3cret-key" });

  it("a write without the key is 401 with a problem body and WWW-Authenticate; nothing is stored", async () => {
    const response = await api.json("POST", "/events", newEvent({ eventId: "locked" }));
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(response.body.detail).toMatch(/API key/);
    expect((await api.json("GET", "/events/locked")).status).toBe(404);
  });

  it("a wrong key is 401", async () => {
    const response = await api.json("POST", "/events", newEvent({ eventId: "locked" }), { "X-Api-Key": "nope" });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe("The API key is not valid");
  });

  it("X-Api-Key or Authorization: Bearer lets writes through", async () => {
    const created = await api.json("POST", "/events", newEvent({ eventId: "keyed" }), { "X-Api-Key": "s3cret-key" });
    expect(created.status).toBe(201);
    const updated = await api.json("PUT", "/events/keyed", { capacity: 7 }, { Authorization: "Bearer s3cret-key" });
    expect(updated.status).toBe(200);
    expect((await api.json("PUT", "/events/keyed", { capacity: 8 })).status).toBe(401);
    expect((await api.json("DELETE", "/events/keyed")).status).toBe(401);
    expect((await api.json("DELETE", "/events/keyed", undefined, { "X-Api-Key": "s3cret-key" })).status).toBe(204);
  });

  it("reads and preflights stay open", async () => {
    expect((await api.json("GET", "/events")).status).toBe(200);
    expect((await api.json("GET", "/health")).status).toBe(200);
    const preflight = await api.request("/events", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-api-key" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-api-key");
  });

  it("tRPC mutations need the key too; queries do not", async () => {
    const anonymous = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.baseUrl}/trpc` })] });
    const error = await anonymous.events.create.mutate(newEvent({ eventId: "trpc-locked" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).meta?.response).toMatchObject({ status: 401 });
    expect((await anonymous.events.list.query({})).items).toBeInstanceOf(Array);

    const keyed = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${api.baseUrl}/trpc`, headers: { "X-Api-Key": "s3cret-key" } })],
    });
    expect((await keyed.events.create.mutate(newEvent({ eventId: "trpc-keyed" }))).eventId).toBe("trpc-keyed");
  });
});

describe("security headers", async () => {
  const api = await startTestApi();
  const keyed = await startTestApi({ apiKey: "k" });

  it("JSON responses forbid being run or framed as a page", async () => {
    for (const path of ["/events", "/health", "/openapi.json", "/events/missing"]) {
      const response = await api.request(path);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("the docs page may load its own scripts and styles and call the API, nothing else", async () => {
    const csp = (await api.request("/docs")).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // Neither falls back to default-src: a <base> or a form could otherwise point anywhere.
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
  });

  it("every response denies the browser features an API never needs (Permissions-Policy)", async () => {
    const responses = [
      await api.request("/events"),
      await api.request("/events/missing"),
      await api.request("/health"),
      await api.request("/docs"),
      await api.request("/docs/swagger-ui.css"),
      await api.request("/openapi.json"),
      await api.request("/nowhere"),
      await api.request("/health", { method: "POST" }),
      await api.request("/trpc/events.get?input=%7B%7D"),
      await api.request("/events", { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST" } }),
      await keyed.request("/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }),
    ];
    for (const response of responses) {
      const policy = response.headers.get("permissions-policy") ?? "";
      for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "midi"]) {
        expect(policy, `${response.url} ${response.status}`).toContain(`${feature}=()`);
      }
      expect(policy).not.toMatch(/=\*|=\(self/);
    }
    expect(responses.map((r) => r.status)).toEqual([200, 404, 200, 200, 200, 200, 404, 405, 422, 204, 401]);
  });
});

describe("request ids", async () => {
  const lines: LogEntry[] = [];
  const api = await startTestApi({ log: (entry) => lines.push(entry) });

  it("every response carries X-Request-Id, a client's own id is kept, and the log line has it", async () => {
    const generated = await api.request("/events/nothing-here");
    const id = generated.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const mine = await api.request("/health", { headers: { "X-Request-Id": "client-trace-42" } });
    expect(mine.headers.get("x-request-id")).toBe("client-trace-42");

    const hostile = await api.request("/health", { headers: { "X-Request-Id": "bad id\twith spaces" } });
    expect(hostile.headers.get("x-request-id")).not.toContain(" ");

    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "request", requestId: id, method: "GET", path: "/events/nothing-here", status: 404 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ requestId: "client-trace-42", path: "/health", status: 200 }));
    for (const line of lines) expect(typeof line.durationMs).toBe("number");
  });
});

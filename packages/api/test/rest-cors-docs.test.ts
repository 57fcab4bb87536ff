/** /health, /openapi.json, /docs and CORS over HTTP. */
import { describe, expect, it } from "vitest";
import { newEvent, startTestApi } from "./harness.js";
import { expectProblem } from "./rest-helpers.js";

const api = await startTestApi();
const restricted = await startTestApi({ corsOrigins: ["https://app.example"] });

const list = (header: string | null) => (header ?? "").split(",").map((v) => v.trim().toLowerCase()).filter(Boolean);

describe("GET /health", () => {
  it('200 {"status":"healthy"}', async () => {
    const res = await api.json("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: "healthy" });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("GET /openapi.json", () => {
  it("200, an OpenAPI 3.1 document of every REST path and method", async () => {
    const res = await api.json("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTypeOf("string");
    expect(Object.keys(doc.paths["/events"]).filter((k) => k !== "parameters").sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/events/{eventId}"]).filter((k) => k !== "parameters").sort()).toEqual(["delete", "get", "put"]);
  });

  it("states the real success statuses: 201 for POST, 204 (no content) for DELETE, 200 otherwise", async () => {
    const { paths } = (await api.json("GET", "/openapi.json")).body;
    expect(Object.keys(paths["/events"].post.responses)).toContain("201");
    expect(Object.keys(paths["/events"].post.responses)).not.toContain("200");
    expect(Object.keys(paths["/events/{eventId}"].delete.responses)).toContain("204");
    expect(Object.keys(paths["/events/{eventId}"].delete.responses)).not.toContain("200");
    expect(paths["/events/{eventId}"].delete.responses["204"].content).toBeUndefined();
    expect(Object.keys(paths["/events"].get.responses)).toContain("200");
    expect(Object.keys(paths["/events/{eventId}"].get.responses)).toContain("200");
    expect(Object.keys(paths["/events/{eventId}"].put.responses)).toContain("200");
  });

  it("documents the error statuses and headers the API really returns", async () => {
    const { paths, components } = (await api.json("GET", "/openapi.json")).body;
    const statuses = (op: { responses: Record<string, unknown> }) => Object.keys(op.responses);
    expect(statuses(paths["/events"].post)).toEqual(expect.arrayContaining(["400", "409", "413", "415", "422"]));
    expect(statuses(paths["/events"].get)).toEqual(expect.arrayContaining(["422"]));
    expect(statuses(paths["/events/{eventId}"].get)).toEqual(expect.arrayContaining(["404"]));
    expect(statuses(paths["/events/{eventId}"].put)).toEqual(expect.arrayContaining(["400", "404", "412", "422"]));
    expect(statuses(paths["/events/{eventId}"].delete)).toEqual(expect.arrayContaining(["404", "412"]));
    expect(Object.keys(paths["/events"].post.responses["201"].headers)).toEqual(expect.arrayContaining(["Location", "ETag"]));
    expect(Object.keys(paths["/events"].get.responses["200"].headers)).toContain("Link");
    const ifMatch = (op: { parameters?: { name: string; in: string }[] }) =>
      (op.parameters ?? []).some((p) => p.in === "header" && p.name.toLowerCase() === "if-match");
    expect(ifMatch(paths["/events/{eventId}"].put)).toBe(true);
    expect(ifMatch(paths["/events/{eventId}"].delete)).toBe(true);
    expect(components.schemas.Problem).toBeDefined();
    expect(paths["/events/{eventId}"].get.responses["404"].content["application/problem+json"]).toBeDefined();
  });
});

describe("GET /docs", () => {
  it("200 HTML whose scripts and styles come from this server, and they load", async () => {
    const res = await api.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(html).not.toMatch(/https?:\/\//i);

    const refs = [...html.matchAll(/<(script|link)\b[^>]*\b(?:src|href)="([^"]+)"/gi)].map((m) => ({ tag: m[1]!.toLowerCase(), url: m[2]! }));
    expect(refs.filter((r) => r.tag === "script").length).toBeGreaterThan(0);
    expect(refs.some((r) => r.tag === "link" && /\.css$/.test(r.url))).toBe(true);
    for (const { url } of refs) {
      expect(url, url).not.toMatch(/^(?:[a-z]+:)?\/\//i); // no absolute or protocol-relative URLs
      const resolved = new URL(url, `${api.baseUrl}/docs`);
      expect(resolved.origin).toBe(api.baseUrl);
      const asset = await api.request(`${resolved.pathname}${resolved.search}`);
      expect(asset.status, resolved.pathname).toBe(200);
      const type = asset.headers.get("content-type") ?? "";
      if (/\.css$/.test(resolved.pathname)) expect(type).toMatch(/^text\/css/);
      if (/\.js$/.test(resolved.pathname)) expect(type).toMatch(/javascript/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it("the page's script reads this server's /openapi.json", async () => {
    const html = await (await api.request("/docs")).text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)].map((m) => new URL(m[1]!, `${api.baseUrl}/docs`).pathname);
    const sources = await Promise.all(scripts.map(async (path) => (await api.request(path)).text()));
    expect(sources.some((source) => source.includes("openapi.json"))).toBe(true);
  });
});

describe("CORS (default: any origin)", () => {
  it("a preflight answers with the allowed methods and headers", async () => {
    const res = await api.request("/events/some-id", {
      method: "OPTIONS",
      headers: {
        Origin: "https://anywhere.example",
        "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "content-type, if-match",
      },
    });
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(list(res.headers.get("access-control-allow-methods"))).toEqual(expect.arrayContaining(["get", "post", "put", "delete"]));
    expect(list(res.headers.get("access-control-allow-headers"))).toEqual(expect.arrayContaining(["content-type", "if-match"]));
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("a preflight of POST /events is allowed", async () => {
    const res = await api.request("/events", {
      method: "OPTIONS",
      headers: { Origin: "https://anywhere.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect([200, 204]).toContain(res.status);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(list(res.headers.get("access-control-allow-methods"))).toContain("post");
  });

  it("responses carry Access-Control-Allow-Origin and expose ETag, Link and Location", async () => {
    const origin = { Origin: "https://anywhere.example" };
    const created = await api.json("POST", "/events", newEvent({ eventId: "cors-1" }), origin);
    expect(created.status).toBe(201);
    const listed = await api.json("GET", "/events?limit=1", undefined, origin);
    const got = await api.json("GET", "/events/cors-1", undefined, origin);
    for (const res of [created, listed, got]) {
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(list(res.headers.get("access-control-expose-headers"))).toEqual(expect.arrayContaining(["etag", "link", "location"]));
    }
  });

  it("error responses carry CORS headers too, so a browser can read the detail", async () => {
    const res = await api.json("GET", "/events/missing", undefined, { Origin: "https://anywhere.example" });
    expectProblem(res, 404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const bad = await api.json("POST", "/events", { title: "" }, { Origin: "https://anywhere.example" });
    expectProblem(bad, 422);
    expect(bad.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("headers every response carries", () => {
  it("X-Request-Id and Access-Control-Allow-Origin on REST, /trpc, health, docs and errors alike", async () => {
    const { headers } = await api.json("POST", "/events", newEvent({ eventId: "every-1" }));
    const input = encodeURIComponent(JSON.stringify({ eventId: "every-1" }));
    const missing = encodeURIComponent(JSON.stringify({ eventId: "nope" }));
    const cases: [string, RequestInit, number][] = [
      ["/events/every-1", {}, 200],
      ["/events/every-1", { method: "HEAD" }, 200],
      ["/events/nope", {}, 404],
      ["/events/every-1", { headers: { "If-None-Match": headers.get("etag")! } }, 304],
      ["/events.ics", {}, 200],
      ["/events.ics?status=soon", {}, 422],
      ["/events.ics", { headers: { "If-None-Match": "*" } }, 304],
      ["/events/every-1/calendar.ics", {}, 200],
      ["/events/every-1/calendar.ics", { method: "HEAD" }, 200],
      ["/events/nope/calendar.ics", {}, 404],
      ["/users/every-user/calendar.ics", {}, 200],
      ["/users/a!b/calendar.ics", {}, 422],
      ["/no-such-path", {}, 404],
      ["/events", { method: "PATCH" }, 405],
      ["/events/every-1", { method: "DELETE", headers: { "If-Match": '"99"' } }, 412],
      [`/trpc/events.get?input=${input}`, {}, 200],
      [`/trpc/events.get?input=${missing}`, {}, 404],
      ["/health", {}, 200],
      ["/openapi.json", {}, 200],
      ["/docs", {}, 200],
    ];
    for (const [path, init, status] of cases) {
      const res = await api.request(path, { ...init, headers: { Origin: "https://anywhere.example", ...init.headers } });
      await res.arrayBuffer();
      const what = `${init.method ?? "GET"} ${path}`;
      expect(res.status, what).toBe(status);
      expect(res.headers.get("x-request-id"), what).toMatch(/^[\w-]+$/);
      expect(res.headers.get("access-control-allow-origin"), what).toBe("*");
    }
  });

  it("a client's own X-Request-Id comes back unchanged", async () => {
    const res = await api.request("/events/none", { headers: { "X-Request-Id": "client-chosen-42" } });
    await res.arrayBuffer();
    expect(res.headers.get("x-request-id")).toBe("client-chosen-42");
  });
});

describe("CORS with configured origins", () => {
  it("allows a configured origin, in preflights and responses", async () => {
    const preflight = await restricted.request("/events", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect([200, 204]).toContain(preflight.status);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(list(preflight.headers.get("access-control-allow-methods"))).toContain("post");
    expect(list(preflight.headers.get("vary"))).toContain("origin");

    const res = await restricted.json("GET", "/events", undefined, { Origin: "https://app.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(list(res.headers.get("access-control-expose-headers"))).toEqual(expect.arrayContaining(["etag", "link", "location"]));
    expect(list(res.headers.get("vary"))).toContain("origin");
  });

  it("does not allow other origins", async () => {
    for (const origin of ["https://evil.example", "https://app.example.evil.example", "http://app.example"]) {
      const preflight = await restricted.request("/events", {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "DELETE" },
      });
      await preflight.arrayBuffer();
      const allowed = preflight.headers.get("access-control-allow-origin");
      expect(allowed === null || allowed === "https://app.example", `${origin}: ${allowed}`).toBe(true);
      expect(allowed).not.toBe("*");

      const res = await restricted.json("GET", "/events", undefined, { Origin: origin });
      const allowedGet = res.headers.get("access-control-allow-origin");
      expect(allowedGet === null || allowedGet === "https://app.example", `${origin}: ${allowedGet}`).toBe(true);
    }
  });
});

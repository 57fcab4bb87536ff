/**
 * The app on Node's HTTP server. Requests Node or the Fetch adapter refuse
 * before the app sees them (a request head over 16 KB, bytes that are not
 * HTTP, a URL no Request can hold) still get a JSON problem with a request
 * id, like every other error, instead of an empty answer.
 */
import { createServer, STATUS_CODES, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { problemBody, problemResponse, PROBLEM_CONTENT_TYPE } from "../protocol/problem.js";
import { trpcErrorBody, TRPC_PREFIX } from "../protocol/trpc-envelope.js";

const TRPC_REQUEST_LINE = new RegExp(`^[A-Z]+ ${TRPC_PREFIX}`);

/**
 * Answers straight on the socket. For a /trpc request (read off the request
 * line Node saw) in tRPC's error envelope, which its clients can read.
 */
function rawProblem(socket: Duplex, status: number, detail: string, rawPacket?: Buffer) {
  const requestLine = rawPacket?.subarray(0, 512).toString("latin1").split("\r\n")[0] ?? "";
  const trpc = TRPC_REQUEST_LINE.test(requestLine);
  const body = trpc ? trpcErrorBody("BAD_REQUEST", status, detail) : JSON.stringify(problemBody(status, detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `Content-Type: ${trpc ? "application/json" : PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createNodeServer(app: Hono): Server {
  const listener = getRequestListener(app.fetch, {
    errorHandler: () => problemResponse(400, "Malformed request: the URL or headers cannot be read", {
      headers: { "X-Request-Id": randomUUID(), Connection: "close" },
    }),
  });
  // Without a Host header the request still reaches the app's error handling (Node would answer an empty 400).
  const server = createServer({ requireHostHeader: false }, listener);
  server.on("clientError", (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
    if (error.code === "HPE_HEADER_OVERFLOW") {
      return rawProblem(socket, 431, "Request line and headers are larger than 16 KB", error.rawPacket);
    }
    rawProblem(socket, 400, "Malformed HTTP request", error.rawPacket);
  });
  server.on("checkExpectation", (_req, res) => {
    const body = JSON.stringify(problemBody(417, "Only `Expect: 100-continue` is supported"));
    res.writeHead(417, { "Content-Type": PROBLEM_CONTENT_TYPE, "X-Request-Id": randomUUID() }).end(body);
  });
  return server;
}

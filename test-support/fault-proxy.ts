/**
 * An HTTP proxy in front of a test store that can lose answers: the request
 * reaches the store and is carried out there, then the connection is cut
 * before the answer gets back, as when a request times out after the store
 * did the write. The SDK sees a network error and retries. Nothing of the
 * store's behaviour is imitated: every request goes to the real store.
 */
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface FaultProxy {
  /** The endpoint to give the DynamoDB client. */
  endpoint: string;
  /** Cut the connection after the store answers the next `count` requests of this operation (`PutItem`, ...). */
  loseAnswers(operation: string, count?: number): void;
  /** How many answers were lost so far. */
  readonly lost: number;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const toLose = new Map<string, number>();
  let lost = 0;
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
      const forward = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers as IncomingHttpHeaders },
        (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => body.push(chunk));
          answer.on("end", () => {
            const left = toLose.get(operation) ?? 0;
            if (left > 0) {
              toLose.set(operation, left - 1);
              lost++;
              req.socket.destroy(); // the store did it; its answer never arrives
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    loseAnswers(operation, count = 1) {
      toLose.set(operation, (toLose.get(operation) ?? 0) + count);
    },
    get lost() {
      return lost;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

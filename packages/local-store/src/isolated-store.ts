/**
 * Many test stores on one DynamoDB Local: each store is a loopback proxy that
 * puts an access key id of its own into every request's signature, and
 * DynamoDB Local (run without -sharedDb) keeps one database per access key id
 * and region, and does not check signatures. A store costs a port instead of
 * a JVM; closing the proxy makes it unreachable, as closing a store does.
 */
import { randomBytes } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import { listenOnLoopback, type RunningStore } from "./running-store.js";

/** `Credential=<access key id>/<date>/<region>/dynamodb/aws4_request` in a SigV4 Authorization header. */
const ACCESS_KEY_IN_SIGNATURE = /Credential=[^/,\s]*\//;

export async function startIsolatedStore(upstream: string): Promise<RunningStore> {
  // DynamoDB Local accepts only letters and digits in an access key id.
  const accessKeyId = `store${randomBytes(8).toString("hex")}`;
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers };
    if (headers.authorization) {
      headers.authorization = headers.authorization.replace(ACCESS_KEY_IN_SIGNATURE, `Credential=${accessKeyId}/`);
    }
    const forward = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    // The caller sees what it would see from a store that went away.
    forward.once("error", () => outgoing.destroy());
    incoming.pipe(forward);
  });
  const endpoint = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}

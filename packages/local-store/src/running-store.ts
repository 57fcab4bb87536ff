import type { AddressInfo, Server } from "node:net";

/** A DynamoDB-compatible store listening on loopback. */
export interface RunningStore {
  /** http://127.0.0.1:<port>, for the AWS SDK's `endpoint`. */
  endpoint: string;
  /** Stops the store (and closes its files). */
  close(): Promise<void>;
}

/** Listens on a loopback port (a free one for 0) and resolves with the server's endpoint. */
export async function listenOnLoopback(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

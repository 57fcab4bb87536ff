/**
 * A small local server that speaks the AWS JSON protocol (`X-Amz-Target: <Service>.<Operation>`,
 * a JSON body each way), for testing our use of an SDK client against a stand-in for the service
 * (outbound-kms.test.ts: KMS; fake-sqs.ts: SQS), the client pointed at it with `endpoint`.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface AwsJsonRequest {
  target: string;
  headers: IncomingHttpHeaders;
  input: Record<string, unknown>;
}

/** The status and JSON body to answer a request with (an error: 400 and `{__type, message}`, as AWS does). */
export type AwsJsonAnswer = (input: Record<string, unknown>, target: string) => [status: number, body: object];

export interface AwsJsonServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** Every request so far, in order. */
  requests: AwsJsonRequest[];
  close(): Promise<void>;
}

/** A client's settings for a server: a region and fixed credentials (the SDK signs as for AWS), and no retries. */
export const awsTestClientConfig = (endpoint: string) => ({
  endpoint,
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
  maxAttempts: 1,
});

export async function startAwsJsonServer(answer: AwsJsonAnswer): Promise<AwsJsonServer> {
  const requests: AwsJsonRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const target = String(request.headers["x-amz-target"]);
      const input = JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>;
      requests.push({ target, headers: request.headers, input });
      const [status, body] = answer(input, target);
      // The protocol's version (1.0 for SQS, 1.1 for KMS) as the client asked.
      response.writeHead(status, { "Content-Type": String(request.headers["content-type"]) }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

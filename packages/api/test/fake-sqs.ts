/**
 * A stand-in for SQS (SendMessage only, over the AWS JSON 1.0 protocol the SDK
 * speaks) that keeps what was sent, and the Lambda event that hands a sent
 * message to a function subscribed to the queue. It tests our requests and our
 * reading of the messages, not SQS: it delays nothing.
 */
import { createHash, randomUUID } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll } from "vitest";
import { awsTestClientConfig, startAwsJsonServer } from "./aws-json-server.js";

export interface SentMessage {
  /** SQS's id for it. */
  sqsMessageId: string;
  body: string;
  delaySeconds: number | undefined;
}

/** A queue on a local server and a client pointed at it, closed after the file's tests. */
export async function startFakeSqs() {
  const sent: SentMessage[] = [];
  const server = await startAwsJsonServer((input, target) => {
    if (target !== "AmazonSQS.SendMessage") return [400, { __type: "com.amazonaws.sqs#UnsupportedOperation", message: target }];
    if (input.QueueUrl !== queueUrl) return [400, { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." }];
    const body = String(input.MessageBody);
    const message = { sqsMessageId: randomUUID(), body, delaySeconds: input.DelaySeconds as number | undefined };
    sent.push(message);
    // The SDK checks this digest of the body it sent.
    return [200, { MessageId: message.sqsMessageId, MD5OfMessageBody: createHash("md5").update(body).digest("hex") }];
  });
  const queueUrl = `${server.endpoint}/123456789012/webhook-attempts`;
  const client = new SQSClient(awsTestClientConfig(server.endpoint));
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  return { queueUrl, client, sent, requests: server.requests };
}

/** The event Lambda hands the subscribed function: one record per message body. */
export function sqsEvent(bodies: readonly string[]): SQSEvent {
  return { Records: bodies.map(sqsRecord) };
}

function sqsRecord(body: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: `receipt-${randomUUID()}`,
    body,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: now, SenderId: "AROAEXAMPLE:deliver", ApproximateFirstReceiveTimestamp: now },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(body).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:webhook-attempts",
    awsRegion: "eu-west-1",
  };
}

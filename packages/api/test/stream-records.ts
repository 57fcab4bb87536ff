/**
 * DynamoDB Streams records as Lambda hands them to the delivery function, made from items read back raw
 * from the table (a test may scan; the API never does).
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";

export type Item = Record<string, AttributeValue>;

/** Every item of an entity in a table, exactly as stored. */
export async function rawItems(client: DynamoDBClient, tableName: string, entity: string): Promise<Item[]> {
  const { Items = [] } = await client.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: "#entity = :entity",
      ExpressionAttributeNames: { "#entity": "__edb_e__" },
      ExpressionAttributeValues: { ":entity": { S: entity } },
      ConsistentRead: true,
    }),
  );
  return Items;
}

let sequence = 0;

/** One stream record as Lambda delivers it (a NEW_IMAGE stream: a REMOVE has no image). */
export function streamRecord(eventName: "INSERT" | "MODIFY" | "REMOVE", item: Item): DynamoDBRecord {
  const keys = { pk: item.pk!, sk: item.sk! };
  return {
    eventID: `c81e728d9d4c2f636f067f89cc14862${++sequence}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "eu-west-1",
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: keys,
      ...(eventName === "REMOVE" ? {} : { NewImage: item }),
      SequenceNumber: String(4_000_000_000_000 + sequence),
      SizeBytes: JSON.stringify(item).length,
      StreamViewType: "NEW_IMAGE",
    },
    eventSourceARN: "arn:aws:dynamodb:eu-west-1:123456789012:table/Events/stream/2026-12-05T00:00:00.000",
  } as DynamoDBRecord;
}

/** Shared helpers for the core tests (not a test file itself). */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ZodError, ZodType } from "zod";
import { validEvent } from "../../../test-support/index.js";
import { createServices, ensureTable, type CreateEventInput, type EventService } from "../src/index.js";

/** A valid create input; override any field. */
export function validInput(overrides: Partial<CreateEventInput> = {}): CreateEventInput {
  return { ...validEvent({ date: "2024-12-15T18:30:00Z" }), ...overrides };
}

/** Pass deliberately ill-typed input to a typed API. */
export const loose = (value: unknown) => value as never;

let tableCounter = 0;

/** A new, empty events table in the same embedded store, and a service over it. */
export async function freshTable(client: DynamoDBClient): Promise<EventService> {
  const tableName = `Events-${process.pid}-${++tableCounter}`;
  await ensureTable(client, tableName);
  return createServices({ client, tableName }).events;
}

export interface RecordedCommand {
  commandName: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

let recorderCounter = 0;

/**
 * Records every command the client sends (name, input and output) until
 * `stop()` is called. Attached as an `initialize` middleware, so it sees the
 * command exactly as the service built it.
 */
export function recordCommands(client: DynamoDBClient) {
  const commands: RecordedCommand[] = [];
  const name = `test-recorder-${++recorderCounter}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      commands.push({
        commandName: context.commandName ?? "",
        input: args.input as unknown as Record<string, unknown>,
        output: result.output as unknown as Record<string, unknown>,
      });
      return result;
    },
    { step: "initialize", name },
  );
  return {
    commands,
    names: () => commands.map((c) => c.commandName),
    stop: () => client.middlewareStack.remove(name),
  };
}

/** Resolves once the millisecond clock has moved past `iso` (an ISO timestamp). */
export async function clockPast(iso: string): Promise<void> {
  while (new Date().toISOString() <= iso) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** A small deterministic PRNG (mulberry32), for repeatable "random" cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ZodError `schema` gives for `input`: the core's methods take parsed values, and the edge parses with
 * these same schemas, so bad input is asserted here (the api tests show it writes nothing over HTTP/tRPC).
 */
export function schemaError(schema: ZodType, input: unknown): ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected a ZodError, but ${JSON.stringify(input)} parsed`);
  return result.error;
}

/** Rejects with an error of class `type`; returns it for further checks. */
export async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected ${type.name}, got ${String((error as Error)?.name)}: ${String((error as Error)?.message)}`, {
      cause: error,
    });
  }
  throw new Error(`expected ${type.name}, but the promise fulfilled`);
}

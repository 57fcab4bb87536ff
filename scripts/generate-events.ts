/** Realistic generated events, deterministic for a given seed, parsed as the edge parses a create. */
import { CreateEventInputSchema, EVENT_STATUSES, type CreateEventInput } from "@events/core";

const KINDS = ["Conference", "Workshop", "Meetup", "Hackathon", "Summit", "Webinar", "Bootcamp", "Forum"];
const TOPICS = ["TypeScript", "Serverless", "DynamoDB", "Cloud Security", "Data Engineering", "Design Systems", "Observability", "Rust", "Machine Learning", "DevOps"];
const CITIES = [
  ["San Francisco, CA", "-08:00"],
  ["New York, NY", "-05:00"],
  ["London, UK", "Z"],
  ["Berlin, Germany", "+01:00"],
  ["Bangalore, India", "+05:30"],
  ["Tokyo, Japan", "+09:00"],
  ["Sydney, Australia", "+11:00"],
  ["Online", ""],
] as const;
const ORGANIZERS = ["Tech Corp", "Dev Community", "Cloud Guild", "Open Source Collective", "Data Society", "Women in Tech", "University Lab"];

/** A small, fast PRNG (mulberry32) so the same seed gives the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  seed?: number;
  idPrefix?: string;
  /** Statuses to draw from (all by default). */
  statuses?: readonly (typeof EVENT_STATUSES)[number][];
}

export function* generateEvents(count: number, options: GenerateOptions = {}): Generator<CreateEventInput> {
  const next = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const pad = (n: number) => String(n).padStart(2, "0");
  for (let i = 0; i < count; i++) {
    const [location, offset] = pick(CITIES);
    const year = 2024 + Math.floor(next() * 4);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const date =
      offset === ""
        ? `${year}-${pad(month)}-${pad(day)}`
        : `${year}-${pad(month)}-${pad(day)}T${pad(8 + Math.floor(next() * 11))}:${pick(["00", "15", "30", "45"])}:00${offset}`;
    const topic = pick(TOPICS);
    const kind = pick(KINDS);
    yield CreateEventInputSchema.parse({
      eventId: `${options.idPrefix ?? "evt"}-${String(i).padStart(7, "0")}`,
      title: `${topic} ${kind} ${year}`,
      description: `A ${kind.toLowerCase()} about ${topic} for practitioners: talks, hands-on sessions and time to meet.`,
      date,
      location,
      capacity: 10 + Math.floor(next() * 2000),
      organizer: pick(ORGANIZERS),
      status: pick(options.statuses ?? EVENT_STATUSES),
    });
  }
}

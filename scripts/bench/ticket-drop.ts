/**
 * The ticket drop of `pnpm bench` (parts e and h): 2,000 registration attempts,
 * 64 at a time, for one published event with 500 places and a waitlist, and
 * the outcome checked from the lists afterwards.
 */
export const DROP = { attempts: 2000, concurrency: 64, capacity: 500 } as const;

export interface DropResult {
  eventId: string;
  seconds: number;
  /** Registrations per second (attempts / seconds). */
  rate: number;
  /** Request latencies in ms, sorted. */
  latencies: number[];
  created: number;
  /** Answers other than 201, by status. */
  others: Map<number, number>;
  registered: number;
  waitlisted: number;
  countsMatch: boolean;
  inLineOrder: boolean;
  /** 500 registered, 1,500 waitlisted, in line order, counts equal to the items. */
  right: boolean;
}

/** The value at quantile q of sorted values. */
export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** A published event for the bench to register people for. */
export async function benchEvent(api: string, eventId: string, fields: { title: string; capacity: number; waitlistEnabled?: boolean }) {
  await fetch(`${api}/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ eventId, description: "pnpm bench", date: "2030-01-01", location: "Loopback", organizer: "Bench", status: "published", ...fields }),
  });
}

export async function ticketDrop(api: string, eventId: string): Promise<DropResult> {
  await benchEvent(api, eventId, { title: "Ticket drop", capacity: DROP.capacity, waitlistEnabled: true });
  const latencies: number[] = [];
  const answers: { userId: string; status: number; position?: number }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < DROP.attempts) {
      const userId = `fan-${next++}`;
      const started = performance.now();
      const response = await fetch(`${api}/events/${eventId}/registrations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId }),
      });
      const body = (await response.json()) as { position?: number };
      latencies.push(performance.now() - started);
      answers.push({ userId, status: response.status, ...(body.position !== undefined && { position: body.position }) });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: DROP.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;

  const listed: { userId: string; status: string; position?: number }[] = [];
  let url: string | undefined = `${api}/events/${eventId}/registrations?limit=1000`;
  while (url) {
    const response: Response = await fetch(url);
    listed.push(...((await response.json()) as typeof listed));
    const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    url = link ? new URL(link, api).href : undefined;
  }
  const event = (await (await fetch(`${api}/events/${eventId}`)).json()) as { registeredCount: number; waitlistCount: number };
  const registered = listed.filter((r) => r.status === "registered");
  const waitlisted = listed.filter((r) => r.status === "waitlisted");
  const answered = new Map(answers.map((a) => [a.userId, a.position]));
  const inLineOrder =
    waitlisted.every((r, i) => r.position === i + 1 && answered.get(r.userId) === r.position) &&
    new Set(listed.map((r) => r.userId)).size === listed.length;
  const others = new Map<number, number>();
  for (const { status } of answers) if (status !== 201) others.set(status, (others.get(status) ?? 0) + 1);
  const countsMatch = event.registeredCount === registered.length && event.waitlistCount === waitlisted.length;
  return {
    eventId,
    seconds,
    rate: DROP.attempts / seconds,
    latencies: latencies.sort((a, b) => a - b),
    created: answers.filter((a) => a.status === 201).length,
    others,
    registered: registered.length,
    waitlisted: waitlisted.length,
    countsMatch,
    inLineOrder,
    right: registered.length === DROP.capacity && waitlisted.length === DROP.attempts - DROP.capacity && inLineOrder && countsMatch,
  };
}

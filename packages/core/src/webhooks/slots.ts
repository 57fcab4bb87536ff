/**
 * Attempts in flight, bounded per endpoint and overall: a pass claims only
 * what has a free slot, so a slow endpoint fills its own slots and nobody else's.
 */
export interface Slots {
  /** Takes a slot for the endpoint; false when it or the dispatcher is full. */
  take(webhookId: string): boolean;
  release(webhookId: string): void;
  /** Slots free overall. */
  free(): number;
}

export function createSlots({ perEndpoint, overall }: { perEndpoint: number; overall: number }): Slots {
  const byEndpoint = new Map<string, number>();
  let total = 0;
  return {
    take(webhookId) {
      const used = byEndpoint.get(webhookId) ?? 0;
      if (total >= overall || used >= perEndpoint) return false;
      byEndpoint.set(webhookId, used + 1);
      total++;
      return true;
    },
    release(webhookId) {
      const used = (byEndpoint.get(webhookId) ?? 1) - 1;
      if (used > 0) byEndpoint.set(webhookId, used);
      else byEndpoint.delete(webhookId);
      total--;
    },
    free: () => overall - total,
  };
}

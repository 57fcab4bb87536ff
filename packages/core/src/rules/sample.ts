/**
 * The sample event: the schemas' documented examples, the tests' valid event
 * (test-support's validEvent) and the benchmarks' stored event are this one.
 */
export const SAMPLE_EVENT = {
  title: "Tech Conference 2024",
  description: "Annual technology conference",
  date: "2024-12-15",
  location: "San Francisco, CA",
  capacity: 500,
  organizer: "Tech Corp",
};

/**
 * How far the ingest queue has got, counted in this isolate: messages the Worker handed to the queue
 * (`sent`), messages the consumer finished with (`settled`: delivered, or kept as dead letters),
 * deliveries that failed and were retried, and browser events the objects' daily budget counted
 * without storing them (`dropped`, `LB_LEAD_DAILY_EVENTS`). On local workerd one isolate runs the Worker, the
 * consumers and the objects, so `sent === settled` means the queue has drained: the tests wait for
 * that instead of sleeping, and the benchmarks count the time and CPU until then. In production
 * isolates are many and these are per-isolate tallies, read by nothing.
 */
const counts = { sent: 0, settled: 0, retried: 0, deadLettered: 0, dropped: 0 };

export type IngestProgress = Readonly<typeof counts>;

export const ingestProgress = {
  sent(n: number): void {
    counts.sent += n;
  },
  settled(n: number): void {
    counts.settled += n;
  },
  retried(n: number): void {
    counts.retried += n;
  },
  deadLettered(n: number): void {
    counts.deadLettered += n;
  },
  dropped(n: number): void {
    counts.dropped += n;
  },
  snapshot(): IngestProgress {
    return { ...counts };
  },
};

import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { stop } from '../src/api';
import type { Options } from '../src/config';
import { init } from '../src/init';
import type { Tracker, WireEvent } from '../src/types';
import { type Received, startServer, type TestServer } from './server';

/** Real timers, taken before any test fakes them: waiting must not move a faked clock. */
const realTimeout = globalThis.setTimeout;
/** How long a wait may take: generous, as a loaded machine answers late (`SDK_TEST_LAG_MS` plays one). */
export const WAIT_MS = 15_000;
/** Polls `check` every 20 ms for up to `WAIT_MS` on real timers; throws with `what()` when it never holds. */
export const poll = async (check: () => unknown, what: () => string): Promise<void> => {
  for (const end = Date.now() + WAIT_MS; Date.now() < end; ) {
    if (check()) return;
    await new Promise((r) => realTimeout(r, 20));
  }
  if (!check()) throw new Error(`timed out waiting for ${what()}`);
};
/**
 * Waits until the persisted queue is empty: the collector answered every event sent. Seeing a
 * request arrive is not enough: until its answer is back, a beacon or the next tracker sends its
 * events again (the collector keeps them once by id, but a test that counts would see them twice).
 */
export const delivered = (): Promise<void> =>
  poll(
    () => localStorage.getItem('lb_q') === null,
    () => 'the queue to be sent',
  );
/** Waits on real timers, for what must not happen. */
export const sleep = (ms: number) => new Promise((r) => realTimeout(r, ms));

/** An event as the collector stand-in received it. */
export type Sent = WireEvent & Record<string, unknown>;

/**
 * Unit tests drive the public API and the DOM (happy-dom) and read what arrives at the collector
 * stand-in (`test/server.ts`) over real HTTP: a signal's contract is the events it sends. Every test
 * gets its own site id, so a request the previous test's tracker still had in flight never counts.
 */
export const useCollector = () => {
  let server: TestServer;
  let site = '';
  let count = 0;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    localStorage.clear();
    site = `test${++count}`;
    server.status = 204;
    history.replaceState(null, '', '/');
  });
  afterEach(async () => {
    stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
    document.head.innerHTML = '';
    document.body.innerHTML = '';
    setHidden(false, false);
    for (const [o, k] of [
      [document.documentElement, 'scrollHeight'],
      [window, 'innerHeight'],
      [window, 'scrollY'],
    ] as const)
      delete (o as unknown as Record<string, unknown>)[k];
    // stop() sends what is pending: let it land before the next test clears storage.
    await delivered();
  });

  const batches = (): Received[] => server.received.filter((b) => b.s === site);
  const events = (): Sent[] => batches().flatMap((b) => b.e) as Sent[];
  return {
    server: () => server,
    site: () => site,
    /** Starts the ESM tracker for this test's site (automation allowed: happy-dom reports `navigator.webdriver`). */
    start: (o: Partial<Options> = {}): Tracker =>
      init({ site, endpoint: `${server.url}/e`, allowAutomation: true, ...o } as Options),
    /** Request bodies received for this test's site, in order. */
    batches,
    /** Events received for this test's site, in order. */
    events,
    /** Events of one type. */
    named: (n: string): Sent[] => events().filter((e) => e.n === n),
    /**
     * Waits until `n` events arrived, then checks that there are exactly `n`, and returns them. (A wait
     * for "exactly n" would time out on one more, instead of saying what arrived.)
     */
    count: async (n: number): Promise<Sent[]> => {
      await poll(
        () => events().length >= n,
        () => `${n} events in ${JSON.stringify(events())}`,
      );
      expect(events()).toHaveLength(n);
      return events();
    },
    /** Waits until `n` events of one type arrived, then checks that there are exactly `n`, and returns them. */
    countOf: async (type: string, n: number): Promise<Sent[]> => {
      const of = () => events().filter((e) => e.n === type);
      await poll(
        () => of().length >= n,
        () => `${n} ${type} events in ${JSON.stringify(events())}`,
      );
      expect(of()).toHaveLength(n);
      return of();
    },
    /** Waits until `check` holds for the events received, and returns them. */
    until: async (check: (events: Sent[]) => unknown): Promise<Sent[]> => {
      await poll(
        () => check(events()),
        () => `${check} in ${JSON.stringify(events())}`,
      );
      return events();
    },
  };
};

/** The page is being left or hidden: the tracker queues the engagement and sends everything by beacon. */
export const pagehide = () => window.dispatchEvent(new Event('pagehide'));

/** Switches `document.hidden` (and `visibilityState`) and fires `visibilitychange`. */
export const setHidden = (hidden: boolean, fire = true) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  if (fire) document.dispatchEvent(new Event('visibilitychange'));
};

/** Lays the page out: document height, viewport height, scroll position (happy-dom has no layout). */
export const layout = (height: number, view: number, y: number) => {
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, value: height });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: view });
  Object.defineProperty(window, 'scrollY', { configurable: true, value: y });
};

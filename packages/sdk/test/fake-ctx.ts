import type { Options } from '../src/config';
import { listen } from '../src/lib/on';
import type { Ctx } from '../src/types';

export type Recorded = { n: string; i: string; now?: unknown; [k: string]: unknown };

/**
 * The context a tracker sees, recording what it queues: a tracker's contract is the events it hands
 * to `ctx._e`. `stop()` removes every listener the tracker added.
 */
export const fakeCtx = (o: Partial<Options> = {}) => {
  const events: Recorded[] = [];
  const stop = listen();
  const ctx = {
    _o: { site: 'acme', ...o },
    _e: (n: string, fields?: Record<string, unknown>, now?: unknown) => {
      const i = `ev${events.length}`;
      events.push({ n, i, now, u: location.href, ...fields });
      return i;
    },
    _f: () => {},
    _leave: () => {},
    _sd: () => 0,
  } as unknown as Ctx;
  return { ctx, events, stop };
};

import { describe, expect, it } from 'vitest';
import { pagehide, useCollector } from '../test/harness';

const c = useCollector();

describe('e-mail link token', () => {
  it('takes lb_t from the landing URL, removes it (keeping the history state) and sends it as k', async () => {
    history.replaceState({ app: 'state' }, '', '/landing?utm=a&lb_t=tok.en_1#top');
    c.start();
    expect(location.href).toBe('http://localhost:3000/landing?utm=a#top');
    expect(history.state).toEqual({ app: 'state' });
    pagehide();
    await c.count(2);
    expect(c.batches()[0]).toMatchObject({ k: 'tok.en_1' });
    // The fragment is never sent.
    expect(c.events()[0]?.u).toBe('http://localhost:3000/landing?utm=a');
  });

  it('cuts the token to 512 characters and sends no k without one', async () => {
    history.replaceState(null, '', `/?lb_t=${'t'.repeat(600)}`);
    c.start();
    pagehide();
    await c.count(2);
    expect(c.batches()[0]?.k).toHaveLength(512);
  });
});

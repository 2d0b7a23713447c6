// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('server-side rendering', () => {
  it('imports without touching window and returns an inert tracker from init', async () => {
    expect(typeof window).toBe('undefined');
    const sdk = await import('./index');
    const t = sdk.init({ site: 'acme' });
    expect(() => {
      t.track('x');
      t.page();
      sdk.identify('a@b.co');
      t.stop();
    }).not.toThrow();
  });
});

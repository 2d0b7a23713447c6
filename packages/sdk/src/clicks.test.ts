import { describe, expect, it } from 'vitest';
import { pagehide, useCollector } from '../test/harness';

const c = useCollector();

describe('data-lb-event clicks', () => {
  it('sends a custom event with the name, also for a click inside the element; not when ignored or unnamed', async () => {
    c.start({ auto: false });
    document.body.innerHTML =
      '<button data-lb-event="pricing_calculator"><span id="in">Calculate</span></button>' +
      '<div data-lb-ignore><button data-lb-event="x" id="ign"></button></div>' +
      '<button data-lb-event="" id="empty"></button><button data-lb-event="last" id="last"></button>';
    for (const id of ['in', 'ign', 'empty', 'last']) (document.getElementById(id) as HTMLElement).click();
    pagehide();
    const events = await c.count(2);
    expect(events.map((e) => [e.n, e.nm])).toEqual([
      ['ev', 'pricing_calculator'],
      ['ev', 'last'],
    ]);
  });
});

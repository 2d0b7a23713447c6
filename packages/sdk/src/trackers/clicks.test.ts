import { afterEach, describe, expect, it } from 'vitest';
import { fakeCtx } from '../../test/fake-ctx';
import { initClicks } from './clicks';

describe('data-lb-event clicks', () => {
  const f = fakeCtx();
  initClicks(f.ctx);
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('sends a custom event with the name, also for a click inside the element', () => {
    document.body.innerHTML =
      '<button data-lb-event="pricing_calculator"><span id="in">Calculate</span></button><div data-lb-ignore><button data-lb-event="x" id="ign"></button></div><button data-lb-event="" id="empty"></button>';
    (document.getElementById('in') as HTMLElement).click();
    (document.getElementById('ign') as HTMLElement).click();
    (document.getElementById('empty') as HTMLElement).click();
    expect(f.events).toEqual([expect.objectContaining({ n: 'ev', nm: 'pricing_calculator', pr: {} })]);
    f.stop();
  });
});

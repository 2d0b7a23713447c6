import { d } from '../lib/globals';
import { on } from '../lib/on';
import { target } from '../lib/target';
import { track } from '../track';
import type { Ctx } from '../types';

/** Clicks on elements with `data-lb-event="name"` (or inside one) become custom events (`ev`). */
export const initClicks = (ctx: Ctx): void =>
  on(
    d,
    'click',
    (e: MouseEvent) => {
      const el = target(e, '[data-lb-event]');
      if (el) track(ctx, el.dataset.lbEvent);
    },
    1,
  );

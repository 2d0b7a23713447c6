import { track } from '../track';
import { on } from '../lib/on';
import { target } from '../lib/target';
import type { Ctx } from '../types';

/** The prefix of attributes that become props of a `data-lb-event` click. */
const PROP = 'data-lb-prop-';

/**
 * Clicks on elements with `data-lb-event="name"` become custom events (`ev`); their
 * `data-lb-prop-<key>="value"` attributes become its props.
 */
export const initClicks = (ctx: Ctx) =>
  on(
    document,
    'click',
    (e: MouseEvent) => {
      const el = target(e, '[data-lb-event]');
      if (el) {
        const pr: Record<string, string> = {};
        for (const { name, value } of el.attributes) if (name.startsWith(PROP)) pr[name.slice(PROP.length)] = value;
        track(ctx, el.dataset.lbEvent, pr);
      }
    },
    true,
  );

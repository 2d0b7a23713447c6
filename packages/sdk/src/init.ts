import { state } from './api';
import { type Options, SITE } from './config';
import { createCore } from './core';
import { identify } from './identify';
import { CONSENT, decide, IGNORE } from './identity';
import { yes } from './lib/flag';
import { l, n } from './lib/globals';
import { listen } from './lib/on';
import { safe } from './lib/safe';
import { get, set } from './lib/storage';
import { track } from './track';
import { initClicks } from './trackers/clicks';
import { initEngagement } from './trackers/engagement';
import { initForms } from './trackers/forms';
import { initLinks } from './trackers/links';
import { initPageview } from './trackers/pageview';
import { initScroll } from './trackers/scroll';
import { initSpa } from './trackers/spa';
import type { Ctx, Tracker } from './types';
import { sendVitals } from './vitals-event';

/**
 * Starts tracking and returns the API; calling it again stops the previous tracker first. Nothing is
 * tracked on the server, outside http(s) pages, in automated browsers (unless `allowAutomation`), for a
 * visitor who opted out (`localStorage.lb_ignore`) or with a bad site id (a console warning): the API
 * returned then accepts every call and does nothing. No API call ever throws.
 */
export const init = (options: Options): Tracker => {
  if (__ESM__) state._t?.stop();
  let ctx: Ctx;
  const stops: ((() => void) | undefined)[] = [];
  // On an inert tracker (`ctx` unset) every call fails inside `safe`, silently, by design.
  const api = {
    track: safe((name: string, props) => track(ctx, name, props)),
    identify: safe((email: string, traits) => identify(ctx, email, traits)),
    consent: safe((granted: boolean) => {
      ctx._c = granted ? 1 : 0;
      decide(ctx);
      // A refusal is remembered only where tracking is otherwise on; where consent is required the
      // default already is "no", and nothing may be stored before a "yes".
      set(CONSENT, granted ? '1' : yes(options.requireConsent) ? null : '0');
    }),
    page: safe(() => ctx._page(1)),
    vitals: safe((m) => sendVitals(ctx, m)),
  } as Tracker;
  if (__ESM__)
    api.stop = safe(() => {
      for (const f of stops) f?.();
      if (state._t === api) state._t = undefined;
      ctx._f();
    });
  if (!SITE.test(options?.site)) console.warn('leadbeacon: bad site');
  else
    safe(() => {
      // `location` is missing on the server: the TypeError lands in `safe`. So does a browser too old
      // or too locked down for the SDK, which stays inert rather than break the page.
      if (
        /^http/.test(l as unknown as string) &&
        !get(IGNORE) &&
        (yes(options.allowAutomation) || !n.webdriver)
      ) {
        if (__ESM__) stops.push(listen());
        const c = createCore(options);
        ctx = c;
        // Order matters: pageview uses engagement and scroll; on hide, engagement queues its event
        // and then sends the batch.
        const started = [
          initScroll(c),
          initEngagement(c),
          initPageview(c),
          initSpa(c),
          initLinks(c),
          initForms(c),
          initClicks(c),
        ];
        if (__ESM__) stops.push(...(started as (() => void)[]));
      }
    })();
  if (__ESM__) state._t = api;
  return api;
};

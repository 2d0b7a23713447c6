import { state } from './api';
import { type Options, valid } from './config';
import { createCore } from './core';
import { identify } from './identify';
import { anonymous, CONSENT, forget, IGNORE } from './identity';
import { automated } from './lib/automation';
import { yes } from './lib/flag';
import { listen } from './lib/on';
import { onHidden } from './lib/on-hidden';
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
  const api: Tracker = {
    track: (name, props) => track(ctx, name, props),
    identify: (email, traits) => identify(ctx, email, traits),
    consent: (granted) => {
      ctx._c = granted ? 1 : 0;
      if (!granted) forget(ctx);
      // A refusal is remembered only where tracking is otherwise on; where consent is required the
      // default already is "no", and nothing may be stored before a "yes".
      set(CONSENT, granted ? '1' : yes(options.requireConsent) ? null : '0');
    },
    page: () => ctx._page(1),
    vitals: (m) => sendVitals(ctx, m),
  } as Tracker;
  if (__ESM__)
    api.stop = () => {
      for (const f of stops) f?.();
      if (state._t === api) state._t = undefined;
      ctx._f();
    };
  // On an inert tracker (`ctx` unset) every call fails right here, silently, by design.
  for (const [k, fn] of Object.entries(api))
    api[k as keyof Tracker] = (...a: unknown[]) => {
      try {
        (fn as (...a: unknown[]) => void)(...a);
      } catch {
        // Never throw into the host page.
      }
    };
  if (!valid(options)) console.warn('leadbeacon: bad site');
  else
    try {
      // `location` is missing on the server: the ReferenceError lands in the catch.
      if (/^http/.test(location.protocol) && !get(IGNORE) && (yes(options.allowAutomation) || !automated())) {
        if (__ESM__) stops.push(listen());
        const c = createCore(options);
        ctx = c;
        if (anonymous(c)) forget(c);
        // Order matters: pageview uses engagement and scroll; on hide, engagement queues its event
        // before the flush registered last sends it.
        for (const start of [
          initScroll,
          initEngagement,
          initPageview,
          initSpa,
          initLinks,
          initForms,
          initClicks,
        ])
          if (__ESM__) stops.push(start(c) as (() => void) | undefined);
          else start(c);
        onHidden(() => c._f(1));
      }
    } catch {
      // A browser too old or too locked down for the SDK: stay inert rather than break the page.
    }
  if (__ESM__) state._t = api;
  return api;
};

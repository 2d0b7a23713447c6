import { state } from './api';
import { invalid, type Options } from './config';
import { createCore } from './core';
import { anonymous, forget, KEYS } from './identity';
import { identify } from './identify';
import { automated } from './lib/automation';
import { onHidden } from './lib/on-hidden';
import { safe } from './lib/safe';
import { get, set } from './lib/storage';
import { track } from './track';
import { initClicks } from './trackers/clicks';
import { initDownloads } from './trackers/downloads';
import { initEngagement } from './trackers/engagement';
import { initForms } from './trackers/forms';
import { initLinks } from './trackers/links';
import { initPageview } from './trackers/pageview';
import { initScroll } from './trackers/scroll';
import { initSpa } from './trackers/spa';
import type { Tracker } from './types';
import { sendVitals } from './vitals-event';

const nothing = () => {};
/** What `init` returns when it must not track: every call is accepted and does nothing. */
const inert: Tracker = {
  track: nothing,
  identify: nothing,
  consent: nothing,
  page: nothing,
  vitals: nothing,
  stop: nothing,
};

/**
 * Starts tracking and returns the API. Calling it again stops the previous instance first. Returns
 * an inert API (and warns for bad options) on the server, outside http(s) pages, for automated
 * browsers unless `allowAutomation`, and for a visitor who opted out (`localStorage.lb_ignore`).
 */
export const init = (options: Options): Tracker => {
  state._t?.stop();
  if (typeof window == 'undefined') return inert;
  const problem = invalid(options);
  if (problem) {
    console.warn(problem);
    return inert;
  }
  if (!/^https?:$/.test(location.protocol) || get(KEYS.ignore) || (!options.allowAutomation && automated()))
    return inert;
  const o = { ...options, endpoint: options.endpoint || '/e' };
  const [ctx, transport] = createCore(o);
  if (anonymous(ctx)) forget(ctx);
  // Registration order matters on hide: engagement queues its event before the final flush sends it.
  const offs = [initScroll, initEngagement, initPageview, initSpa, initDownloads, initLinks, initForms, initClicks].map(
    (start) => start(ctx),
  );
  offs.push(
    onHidden(() => ctx._f(1)),
    transport._stop,
  );
  const api: Tracker = {
    track: safe((name: string, props?: Record<string, unknown>) => track(ctx, name, props)),
    identify: safe((email: string, traits?: Record<string, unknown>) => identify(ctx, email, traits)),
    consent: safe((granted: boolean) => {
      ctx._c = granted ? 1 : 0;
      if (!granted) {
        forget(ctx);
        transport._clear();
      }
      // A refusal is remembered only where tracking is otherwise on; where consent is required, the
      // default already is "no", and nothing may be stored before a "yes".
      set(KEYS.consent, granted ? '1' : o.requireConsent ? null : '0');
    }),
    page: safe(() => ctx._page(1)),
    vitals: safe((m) => sendVitals(ctx, m)),
    stop: safe(() => {
      for (const off of offs) off();
      ctx._f();
      if (state._t == api) state._t = undefined;
    }),
  };
  return (state._t = api);
};

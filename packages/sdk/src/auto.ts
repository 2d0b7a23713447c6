import type { Options } from './config';
import { d, w } from './lib/globals';
import { createTracker } from './tracker';
import type { Tracker } from './types';

/**
 * The script-tag entry (`dist/lb.js`). The tag's `data-*` attributes are the options (every reader of
 * an option accepts its string form), the endpoint defaults to `/e` on the script's own origin, the
 * global `leadbeacon` is installed and the calls queued before the script loaded (`leadbeacon.q`,
 * filled by the stub snippet in the README) are replayed in order. A collector run with
 * `LB_ALLOW_AUTOMATION=true` serves the script after a prelude that gives this tag
 * `data-allow-automation="true"` unless the page set the attribute itself. A page rendered for a signed-in user may name them
 * on the tag (`data-lb-user`, with the site server's signature `data-lb-user-hash`): an identify on
 * every page load, which leaves with the page view.
 */
const g = w as unknown as { leadbeacon?: Tracker & { q?: [keyof Tracker, never[]][] } };
const s = d.currentScript as HTMLScriptElement;
const queued = g.leadbeacon?.q || [];
const t = createTracker({
  endpoint: new URL('/e', s.src),
  ...s.dataset,
} as unknown as Options);
g.leadbeacon = t;
for (const [m, a] of queued) t[m]?.(...(a as [never, never]));
// After the queued calls, so that a queued consent(true) lets it through where consent is required.
t.identify(s.dataset.lbUser as string, undefined, { hash: s.dataset.lbUserHash });

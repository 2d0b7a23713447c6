import { init } from './init';
import type { Tracker } from './types';

/**
 * The script-tag entry (`dist/lb.js`): reads the options from the tag's `data-*` attributes, starts
 * tracking, installs the global `leadbeacon` and replays the calls the page queued before the script
 * loaded (`leadbeacon.q`, filled by the stub snippet in the README).
 */
const w = window as unknown as { leadbeacon?: Partial<Tracker> & { q?: [keyof Tracker, ArrayLike<unknown>][] } };
const s = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
const d = s?.dataset || {};
/** A boolean attribute: present and not "false". */
const flag = (v?: string) => v != null && v != 'false';
const queued = w.leadbeacon?.q || [];
const t = init({
  site: d.site as string,
  endpoint: d.endpoint || (s?.src ? `${new URL(s.src).origin}/e` : ''),
  idle: +(d.idle as string) || 0,
  spa: d.spa == 'hash' ? 'hash' : d.spa != 'false',
  auto: d.auto != 'false',
  requireConsent: flag(d.requireConsent),
  honorGpc: d.honorGpc != 'false',
  allowAutomation: flag(d.allowAutomation),
  downloads: d.downloads?.split(','),
});
w.leadbeacon = t;
try {
  for (const [m, a] of queued) (t[m] as (...a: unknown[]) => void)(...Array.from(a));
} catch {
  // A malformed queue entry (not one of the API's methods) must not throw into the page.
}

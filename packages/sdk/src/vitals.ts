import type { Tracker, Vitals } from './types';
import { collectVitals } from './vitals/collect';

/**
 * The vitals add-on entry (`dist/lb.vitals.js`): load it after or beside `lb.js`. It reports to the
 * global `leadbeacon`; if the core has not loaded yet, the call joins the stub's queue.
 */
const w = window as unknown as { leadbeacon?: Partial<Tracker> & { q?: unknown[][] } };
collectVitals((m: Vitals) => {
  const l = w.leadbeacon;
  l?.vitals ? l.vitals(m) : l?.q?.push(['vitals', [m]]);
});

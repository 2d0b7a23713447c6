import { type Metric, onCLS, onINP, onLCP } from 'web-vitals';
import type { Vitals } from '../types';

/**
 * Collects LCP, INP and CLS with `web-vitals` and hands them to `report` when the page is hidden
 * (only when something changed since the last report). The hidden listener is a capture listener on
 * `window` added after web-vitals' own, so it runs after web-vitals has settled its values and before
 * the core's hide flush on `document`: the `vt` event leaves in the same beacon as the engagement.
 */
export const collectVitals = (report: (m: Vitals) => void): (() => void) => {
  let m: Vitals = {};
  let changed = false;
  // Milliseconds are whole numbers on the wire; CLS is a small fraction and stays as it is.
  const keep = (k: keyof Vitals) => (metric: Metric) => {
    m[k] = k === 'cls' ? metric.value : Math.round(metric.value);
    changed = true;
  };
  // Before web-vitals' own pageshow listener: a page restored from the bfcache starts afresh.
  const restore = (e: PageTransitionEvent) => {
    if (e.persisted) m = {};
  };
  addEventListener('pageshow', restore, true);
  const opts = { reportAllChanges: true };
  onLCP(keep('lcp'), opts);
  onINP(keep('inp'), opts);
  onCLS(keep('cls'), opts);
  const hidden = () => {
    if (document.visibilityState === 'hidden' && changed) {
      changed = false;
      report({ ...m });
    }
  };
  addEventListener('visibilitychange', hidden, true);
  return () => {
    removeEventListener('pageshow', restore, true);
    removeEventListener('visibilitychange', hidden, true);
  };
};

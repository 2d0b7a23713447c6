import { state } from './api';
import type { Options } from './config';
import { createTracker } from './tracker';
import type { Tracker } from './types';

/**
 * Starts tracking and returns the API (see `createTracker`); calling it again stops the previous
 * tracker first. The functions exported by the package call the tracker started last.
 */
export const init = (options: Options): Tracker => {
  state._t?.stop();
  // Beacons go to `/e` on the page's own origin unless `endpoint` says otherwise.
  const t = createTracker({ ...options, endpoint: options?.endpoint || '/e' });
  const stop = t.stop;
  t.stop = () => {
    stop();
    if (state._t === t) state._t = undefined;
  };
  state._t = t;
  return t;
};

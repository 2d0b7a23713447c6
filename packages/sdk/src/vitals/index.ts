import { vitals } from '../api';
import { collectVitals } from './collect';

/**
 * `@leadbeacon/sdk/vitals`: reports LCP, INP and CLS of each page load as `vt` events of the tracker
 * started by `init`. Call once in the browser, after `init`; returns the teardown.
 */
export const initVitals = (): (() => void) =>
  typeof window === 'undefined' ? () => {} : collectVitals((m) => vitals(m));

import type { Options } from '../config';
import { off, yes } from './flag';
import { n } from './globals';

/**
 * Whether identifiers must stay out of storage and off the wire: the visitor refused consent, or
 * consent is required and not given, or the browser sends GPC or DNT (honoured unless `honorGpc` is
 * false). An explicit `consent(true)` is the visitor's own choice and outranks GPC and DNT.
 * `consent`: 1 granted, 0 refused, NaN not given.
 */
export const anonymous = (o: Options, consent: number): unknown =>
  !consent &&
  (consent === 0 ||
    yes(o.requireConsent) ||
    (!off(o.honorGpc) && (n.globalPrivacyControl || n.doNotTrack === '1')));

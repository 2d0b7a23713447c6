import { isDevelopment } from '../config';
import { checkDestination } from './destination';
import { LEAD_NOTIFICATION_KINDS } from './notification';
import type { NewSubscription } from './subscriptions';

/**
 * The kinds a subscription hears about by default: every change of a lead. Signals need conditions
 * of their own, and account alerts are asked for by name (a subscription made for people does not
 * start getting companies).
 */
export const CHANGE_KINDS = LEAD_NOTIFICATION_KINDS.filter((k) => k !== 'signal');

/** A refused setting: the field it is about and why (the API answers `400 field: message`). */
export type SettingProblem = { field: 'url' | 'kinds' | 'signal'; message: string };

/**
 * The checks a subscription's settings must pass wherever they come from (the API, the dashboard):
 * a destination this collector may send to (stricter in production), and signal alerts with their
 * conditions, together. Answers the normalised URL or the problem.
 */
export function checkSettings(
  s: Pick<NewSubscription, 'url' | 'kinds' | 'signal'>,
  env: Pick<Env, 'LB_ENV'>,
): { ok: true; url: string } | { ok: false; problem: SettingProblem } {
  const destination = checkDestination(s.url, { allowPrivate: isDevelopment(env) });
  if (!destination.ok) return { ok: false, problem: { field: 'url', message: destination.reason } };
  if (s.kinds.includes('signal') && !s.signal)
    return {
      ok: false,
      problem: { field: 'signal', message: 'conditions are required when kinds include signal' },
    };
  if (s.signal && !s.kinds.includes('signal'))
    return { ok: false, problem: { field: 'kinds', message: 'add signal to use signal conditions' } };
  return { ok: true, url: destination.url.href };
}

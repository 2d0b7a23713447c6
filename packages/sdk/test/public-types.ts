/**
 * Compile-time checks of the public types (run by `tsc` in the test command; nothing here runs).
 * Props and traits accept what the runtime accepts — `undefined` and `null` values (dropped),
 * objects typed by an interface — and refuse what the collector would drop anyway.
 */
import { identify, type Props, type PropValue, track } from '../src/index';
import type { Tracker } from '../src/types';

interface Signup {
  plan: string;
  seats?: number;
  coupon: string | undefined;
  referrer: string | null;
  trial: boolean;
}
declare const signup: Signup;
declare const tracker: Tracker;

track('signup', signup);
track('signup', { plan: 'pro', seats: 25, coupon: undefined, referrer: null });
tracker.track('signup', signup);
identify('jo@acme.test', { name: 'Jo', title: undefined, company: null });
identify('jo@acme.test', undefined, { hash: 'a'.repeat(64) });
tracker.identify('jo@acme.test', signup, { hash: 'a'.repeat(64) });

// A nested object or an array is not a prop value: the collector would drop it.
// @ts-expect-error
track('signup', { plan: { name: 'pro' } });
// @ts-expect-error
identify('jo@acme.test', { tags: ['a', 'b'] });
// @ts-expect-error
identify('jo@acme.test', {}, { hash: 42 });

// The exported helper types name the same things.
export const value: PropValue = null;
export const props: Props = { plan: 'pro', seats: 25, coupon: undefined };
export const typed: Props<Signup> = signup;

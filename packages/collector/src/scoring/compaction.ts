/**
 * Retention's part of the engine: which events may be compacted, where a history can be cut, and
 * the fold of everything up to the cut (a *base* snapshot). The lead's object keeps the base and
 * deletes the compacted events from its log (src/durable/retention.ts); the base and the events
 * after it then score exactly as the whole history did.
 */
import type { CompiledModel } from './compile';
import type { LeadEvent } from './events';
import {
  applyEvent,
  compareEvents,
  createLeadState,
  factsOf,
  foldComplete,
  IDENTITY_WINDOW_MS,
  registerFacts,
} from './incremental';
import { type LeadSnapshot, restoreState, snapshotOf } from './snapshot';

/** The custom event an unverified identity becomes (ingest/normalize.ts): a claim, kept as identity. */
const CLAIM_EVENT = 'unverified_identity';

/** The event types `compactable` may take (a custom event still needs its name checked). */
export const COMPACTABLE_TYPES = [
  'pageview',
  'engagement',
  'download',
  'outbound',
  'mailto',
  'tel',
  'vitals',
  'email_open',
  'email_click',
  'custom',
] as const;

const COMPACTABLE: ReadonlySet<string> = new Set(COMPACTABLE_TYPES);

/**
 * Whether retention may delete an event once it is folded into the base: browser behaviour (page
 * views, engagement, clicks, downloads, custom events, vitals) and e-mail opens and clicks. Never
 * identity (identify, a claim), forms, sales or server events: they are few, and they are the
 * lead's identity facts and outcomes, which a model change, the report and an export read again.
 */
export function compactable(e: Pick<LeadEvent, 'type'> & { name?: string }): boolean {
  return COMPACTABLE.has(e.type) && (e.type !== 'custom' || e.name !== CLAIM_EVENT);
}

/**
 * The latest time at or before `at` that no fold step crosses: no identity within twice the
 * identity window on either side (a step around an identity spans up to twice the window, and an
 * identity is seen up to a window before it). `identityAts`: the times of the history's identity
 * events (identify, forms with an address) near `at`, in any order.
 */
export function safeCut(at: number, identityAts: readonly number[]): number {
  const reach = 2 * IDENTITY_WINDOW_MS;
  const sorted = [...identityAts].sort((a, b) => b - a);
  let cut = at;
  for (const t of sorted) {
    if (t > cut + reach) continue;
    if (t < cut - reach) break;
    cut = t - reach - 1;
  }
  return cut;
}

/**
 * A cut with identities on both sides moves before the first of them (then to a `safeCut` of its
 * own): a fold that merged some of a lead's identities does not restore exactly when more follow it
 * (the moment the lead became known may differ, as with `restoreSafe`), and the compacted events
 * cannot be replayed. A lead that identified before the horizon and again after it compacts only
 * what came before its first identity until its identities all lie in the compacted past.
 */
export function cutBeforeIdentities(cut: number, identityAts: readonly number[]): number {
  const before = identityAts.filter((t) => t <= cut);
  if (before.length === 0 || before.length === identityAts.length) return cut;
  const first = Math.min(...identityAts);
  return safeCut(first - 2 * IDENTITY_WINDOW_MS - 1, identityAts);
}

/**
 * The fold of a history up to a cut, as a snapshot: `base` (the previous base, or null) and the
 * events after it up to the cut (`upTo`: every event after `base.through` with `at` ≤ the cut, in
 * any order). The cut must come from `safeCut`, so that no step of the whole history reaches past
 * it. `later`: the identity events after the cut. A value a more trusted source contradicts never
 * counts, anywhere in the history: the fold must know the later facts to be the whole history's
 * fold at the cut (a CRM correcting a title the lead once typed).
 */
export function foldUpTo(
  model: CompiledModel,
  base: LeadSnapshot | null,
  upTo: readonly LeadEvent[],
  later: readonly LeadEvent[],
): LeadSnapshot {
  const state = base ? restoreState(model, base, []) : createLeadState(model);
  for (const e of later) {
    const facts = factsOf(e);
    if (facts) registerFacts(state.facts, facts);
  }
  for (const e of [...upTo].sort(compareEvents)) applyEvent(state, e);
  foldComplete(state);
  return snapshotOf(state);
}

/** Whether an event carries identity facts (the events `safeCut` keeps away from a cut). */
export const hasIdentity = (e: LeadEvent): boolean => factsOf(e) !== null;

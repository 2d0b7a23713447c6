/**
 * When a lead's band or stage will change with no new event: decay, an expiry or an inactivity
 * penalty. A Durable Object sets its alarm to this time, then records (and notifies) the change
 * when the alarm fires; no sweep over all leads is needed.
 */
import type { CompiledModel } from './compile';
import { ensureCompiled, replay } from './engine';
import type { LeadEvent } from './events';
import { type LeadState, nextChangeAfter } from './incremental';
import type { ScoringModel } from './model';

/**
 * The earliest time strictly after `now` (ms, whole) at which a band or the stage differs from the
 * moment before, if no event arrives; null when nothing will ever change. Accepts a lead's state
 * or its history (then a model is needed).
 */
export function nextChangeAt(state: LeadState, now: number): number | null;
export function nextChangeAt(
  events: Iterable<LeadEvent>,
  model: ScoringModel | CompiledModel,
  now: number,
): number | null;
export function nextChangeAt(
  input: LeadState | Iterable<LeadEvent>,
  modelOrNow: ScoringModel | CompiledModel | number,
  now?: number,
): number | null {
  if (typeof modelOrNow === 'number') return nextChangeAfter(input as LeadState, modelOrNow);
  return nextChangeAfter(replay(input as Iterable<LeadEvent>, ensureCompiled(modelOrNow)), now as number);
}

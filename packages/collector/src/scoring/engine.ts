/**
 * `scoreLead`: events + model + now → scores, bands, stage and ledger. Pure and deterministic: no
 * bindings, no clock; the Durable Object, replays after a model change and the benchmarks all run
 * this same code. The history may come in any order and with duplicates.
 */
import { type CompiledModel, compileModel } from './compile';
import type { LeadEvent } from './events';
import { finalize, type LeadState, stateOf } from './incremental';
import type { ScoringModel } from './model';
import type { ScoreResult } from './result';

const isCompiled = (model: ScoringModel | CompiledModel): model is CompiledModel => 'byType' in model;

/** Compiles when given a plain model; pass a `CompiledModel` when scoring many leads. */
export function ensureCompiled(model: ScoringModel | CompiledModel): CompiledModel {
  return isCompiled(model) ? model : compileModel(model);
}

/** Builds a lead's state from its history: deduplicated by id and replayed in (at, id) order. */
export function replay(events: Iterable<LeadEvent>, model: ScoringModel | CompiledModel): LeadState {
  return stateOf(ensureCompiled(model), events);
}

/** Scores a lead from its whole history at time `now`. */
export function scoreLead(
  events: Iterable<LeadEvent>,
  model: ScoringModel | CompiledModel,
  now: number,
): ScoreResult {
  return finalize(replay(events, model), now);
}

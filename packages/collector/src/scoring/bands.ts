/**
 * Bands with hysteresis, and lifecycle stages. Both are state machines over the scores: a band is
 * entered when the score reaches its `min` and left downwards only when the score falls
 * `hysteresis` points below it, so a lead hovering at a boundary does not flap. Each machine also
 * states, as atoms, the exact conditions under which it would move; the timeline searches for the
 * first moment they hold, and `step…` applies the move. The two must agree, and do by construction.
 */
import type { Atom, Clauses, CompiledBandSet, CompiledModel } from './compile';
import { TOTAL } from './compile';
import type { Stage } from './result';

/** The band a score falls in without hysteresis: the highest whose `min` it reaches (the lowest otherwise). */
export function plainBand(set: CompiledBandSet, value: number): number {
  let band = 0;
  for (let i = 1; i < set.enter.length; i++) if (value >= (set.enter[i] as number)) band = i;
  return band;
}

/** The band after the score becomes `value`, given the current band. */
export function stepBand(set: CompiledBandSet, band: number, value: number): number {
  const up = band + 1 < set.enter.length && value >= (set.enter[band + 1] as number);
  const down = band > 0 && value < (set.leave[band] as number);
  return up || down ? plainBand(set, value) : band;
}

/** The band shown for a lead: capped for a disqualified lead. */
export function shownBand(set: CompiledBandSet, band: number, disqualified: boolean): number {
  return disqualified && band > set.disqualifiedMax ? set.disqualifiedMax : band;
}

/** Conditions under which `stepBand` would move (precomputed per band by `compileModel`). */
export function bandClauses(
  set: Pick<CompiledBandSet, 'enter' | 'leave' | 'target'>,
  band: number,
): Atom[][] {
  const clauses: Atom[][] = [];
  if (band + 1 < set.enter.length)
    clauses.push([{ target: set.target, level: set.enter[band + 1] as number, below: false }]);
  if (band > 0) clauses.push([{ target: set.target, level: set.leave[band] as number, below: true }]);
  return clauses;
}

/** The stage machine's state besides the stage: whether a recycled lead may become an MQL again. */
export type StageState = { stage: Stage; armed: boolean };

export type StageInputs = { known: boolean; disqualified: boolean; values: ArrayLike<number> };

function meetsMql(model: CompiledModel, values: ArrayLike<number>): boolean {
  // Indexed loops: this runs at every settle of live scoring, and a `for…of` may allocate per item.
  for (let c = 0; c < model.mql.length; c++) {
    const clause = model.mql[c] as (typeof model.mql)[number];
    let all = true;
    for (let a = 0; a < clause.length; a++) {
      const atom = clause[a] as (typeof clause)[number];
      if (!((values[atom.target] as number) >= atom.level)) all = false;
    }
    if (all) return true;
  }
  return false;
}

/**
 * One move of the stage machine driven by scores (identify and sales moves happen at their events).
 * Returns the new state, or the same object when nothing moves.
 */
export function stepStage(model: CompiledModel, state: StageState, input: StageInputs): StageState {
  const total = input.values[TOTAL] as number;
  const canMql = !input.disqualified && (input.known || !model.requireKnown);
  switch (state.stage) {
    case 'visitor':
    case 'known':
      return canMql && meetsMql(model, input.values) ? { stage: 'mql', armed: true } : state;
    case 'recycled':
      if (!state.armed) return total < model.recycleAt ? { stage: 'recycled', armed: true } : state;
      return canMql && meetsMql(model, input.values) ? { stage: 'mql', armed: true } : state;
    case 'mql':
      if (input.disqualified) return { stage: 'recycled', armed: total < model.recycleAt };
      // Recycled only once no criterion holds: else a criterion met below the recycle line would flap.
      return total < model.recycleAt && !meetsMql(model, input.values)
        ? { stage: 'recycled', armed: true }
        : state;
    case 'sql':
      return state;
  }
}

/** Conditions under which `stepStage` would move without a new event (static arrays: no allocation). */
export function stageClauses(
  model: CompiledModel,
  state: StageState,
  known: boolean,
  disqualified: boolean,
): Clauses {
  // Flags, not an inputs object: this runs at every step of live scoring.
  const canMql = !disqualified && (known || !model.requireKnown);
  switch (state.stage) {
    case 'visitor':
    case 'known':
      return canMql ? model.mql : NO_CLAUSES;
    case 'recycled':
      if (!state.armed) return model.rearm;
      return canMql ? model.mql : NO_CLAUSES;
    case 'mql':
      // A disqualified MQL is recycled at the event that disqualifies it.
      return model.recycleMql;
    case 'sql':
      return NO_CLAUSES;
  }
}

const NO_CLAUSES: Clauses = [];

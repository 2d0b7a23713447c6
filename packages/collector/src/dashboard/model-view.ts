import type { BandLevel, ScoringModel } from '../scoring';

/** What pages need from the active model to draw bands and bars. */
export type BandView = {
  /** The primary band set's level names, lowest first (badge colours follow the position). */
  levels: string[];
  /** The primary band set's levels with their thresholds (chart lines). */
  thresholds: BandLevel[];
  /** The highest band's threshold: a full score bar. */
  top: number;
  /** The highest band's name ("hot" in the default model). */
  topName: string;
  /** What the primary band set classifies (`total`): its key in `ScoreResult.bands` and `held`. */
  target: string;
  /** Points below a band's `min` before it is left downwards. */
  hysteresis: number;
};

export function bandView(model: ScoringModel): BandView {
  const set = model.bands[0];
  const levels = set?.levels ?? [];
  const top = levels.at(-1);
  return {
    levels: levels.map((l) => l.name),
    thresholds: levels,
    top: top && top.min > 0 ? top.min : 100,
    topName: top?.name ?? 'hot',
    target: set?.on ?? 'total',
    hysteresis: set?.hysteresis ?? 3,
  };
}

/**
 * For a list row (band and score from the index): when the shown score is below its band's
 * `min`, hysteresis holds the band, and this is the score below which it is left. The engine says
 * the same of a lead (`ScoreResult.held`); the list has only the index row.
 */
export function heldBelow(view: BandView, band: string, score: number): number | undefined {
  const i = view.levels.indexOf(band);
  const level = view.thresholds[i];
  return i > 0 && level !== undefined && score < level.min ? level.min - view.hysteresis : undefined;
}

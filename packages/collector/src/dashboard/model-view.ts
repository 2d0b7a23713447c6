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
};

export function bandView(model: ScoringModel): BandView {
  const levels = model.bands[0]?.levels ?? [];
  const top = levels.at(-1);
  return {
    levels: levels.map((l) => l.name),
    thresholds: levels,
    top: top && top.min > 0 ? top.min : 100,
    topName: top?.name ?? 'hot',
  };
}

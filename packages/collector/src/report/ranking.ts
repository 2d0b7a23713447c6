/**
 * How well a score ranks won above lost leads (AUC), said so that nobody reads noise as a finding:
 * an AUC whose interval includes 0.5 is "no better than chance" (what a constant score gets),
 * whatever side of 0.5 its estimate falls on.
 */
import { auc, aucInterval, type Interval, roundInterval } from './stats';

export type ScoreRanking = {
  /** P(a won lead scored higher than a lost one; ties half), with its 95 % interval (Newcombe). */
  auc: Interval;
  /** What it rests on. */
  won: number;
  lost: number;
  /** `better`/`worse` only when the whole interval lies above/below 0.5. */
  vsChance: 'better' | 'chance' | 'worse';
  /** The finding in words, with the reason whenever the estimate is below 0.5. */
  reading: string;
};

/** The ranking quality of `scores` for these outcomes; `null` without both won and lost ones. */
export function scoreRanking(
  scores: readonly number[],
  won: readonly boolean[],
  options: { claims: boolean; what?: string },
): ScoreRanking | null {
  const a = auc(scores, won);
  if (a === null) return null;
  const w = won.filter(Boolean).length;
  const l = won.length - w;
  const interval = roundInterval(aucInterval(a, w, l));
  const vsChance = interval.low > 0.5 ? 'better' : interval.high < 0.5 ? 'worse' : 'chance';
  const what = options.what ?? 'the score';
  const shown = `AUC ${interval.estimate}, 95 % interval ${interval.low}–${interval.high}, on ${w} won and ${l} lost outcomes`;
  const floorNote = options.claims ? '' : ' (below the data floor: a hint, not a finding)';
  const reading =
    vsChance === 'better'
      ? `${what} ranks won leads above lost ones better than chance (${shown})${floorNote}`
      : vsChance === 'worse'
        ? `${what} ranks won leads below lost ones: the whole interval lies under 0.5, what a constant score gets ` +
          `(${shown})${floorNote}`
        : `${what} is no better than chance: the interval includes 0.5, what a constant score gets (${shown})` +
          (interval.estimate < 0.5
            ? `; an estimate below 0.5 with an interval this wide is noise, not a score that points the wrong way`
            : '');
  return { auc: interval, won: w, lost: l, vsChance, reading };
}

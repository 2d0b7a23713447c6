/**
 * How much the outcomes can tell, in words. The levels are deliberately conservative: peers that
 * fit models ask for far more (Salesforce Einstein: 1,000 leads and 120 conversions; Pardot
 * behaviour scoring: 20 opportunities), so below that the report still answers, but says how
 * rough its numbers are, and below a floor it shows no numbers at all.
 */

export type DataLevel = 'insufficient' | 'thin' | 'moderate' | 'solid';

export type DataThresholds = {
  /** Below this many outcomes, or this many of either class, nothing but counts is shown. */
  minimum: { outcomes: number; perClass: number };
  /** Below this the data is thin. */
  moderate: { outcomes: number; perClass: number };
  /** From this on the data is solid. */
  solid: { outcomes: number; perClass: number };
};

export const DATA_THRESHOLDS: DataThresholds = {
  minimum: { outcomes: 10, perClass: 3 },
  moderate: { outcomes: 50, perClass: 15 },
  solid: { outcomes: 200, perClass: 50 },
};

export type DataQuality = {
  level: DataLevel;
  /** One sentence for people, e.g. `thin: 23 outcomes (9 won, 14 lost) — estimates are rough…`. */
  message: string;
  thresholds: DataThresholds;
};

const reaches = (won: number, lost: number, t: { outcomes: number; perClass: number }): boolean =>
  won + lost >= t.outcomes && Math.min(won, lost) >= t.perClass;

export function dataQuality(won: number, lost: number, thresholds = DATA_THRESHOLDS): DataQuality {
  const counted = `${won + lost} outcome${won + lost === 1 ? '' : 's'} (${won} won, ${lost} lost)`;
  const { minimum, moderate, solid } = thresholds;
  if (!reaches(won, lost, minimum)) {
    return {
      level: 'insufficient',
      message:
        `not enough data: ${counted}; the report needs at least ${minimum.outcomes} outcomes with at least ` +
        `${minimum.perClass} won and ${minimum.perClass} lost before it shows any rate, lift or weight`,
      thresholds,
    };
  }
  if (!reaches(won, lost, moderate)) {
    return {
      level: 'thin',
      message:
        `thin: ${counted} — estimates are rough and intervals wide; only rules with strong, consistent ` +
        'evidence get a verdict, and suggested weights are a hint to test, not a model to publish',
      thresholds,
    };
  }
  if (!reaches(won, lost, solid)) {
    return {
      level: 'moderate',
      message: `moderate: ${counted} — estimates are usable; read the intervals before changing a weight`,
      thresholds,
    };
  }
  return { level: 'solid', message: `solid: ${counted}`, thresholds };
}

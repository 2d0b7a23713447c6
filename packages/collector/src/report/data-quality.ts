/**
 * How much the outcomes can tell, in words, and the floor below which the report makes no claim.
 * The levels count won and lost outcomes separately, because what limits every estimate here is
 * the smaller class: 200 outcomes with 4 wins say little about wins. Peers that fit models ask for
 * far more (Salesforce Einstein: 1,000 leads and 120 conversions; Pardot behaviour scoring: 20
 * opportunities); below the floor the report still shows every count and rate with its interval,
 * but calls no rule predictive, recommends no threshold and suggests no weights.
 */

export type DataLevel = 'insufficient' | 'thin' | 'moderate' | 'solid';

export type DataThresholds = {
  /** The floor: below this many won or this many lost outcomes the report makes no claim. Default 20. */
  floor: number;
  /** Below this many of either class the data is thin. Default 50. */
  moderate: number;
  /** From this many of each class on the data is solid. Default 150. */
  solid: number;
  /**
   * A rule is judged only when, were it unrelated to winning, at least this many wins and this
   * many losses would be expected both among the leads it fired for and among the others
   * (Cochran's rule for 2×2 tables). Default 5.
   */
  perRuleExpected: number;
};

export const DATA_THRESHOLDS: DataThresholds = { floor: 20, moderate: 50, solid: 150, perRuleExpected: 5 };

export type DataQuality = {
  level: DataLevel;
  /** Whether the data reaches the floor: verdicts, a threshold recommendation and weights only then. */
  claims: boolean;
  /** One sentence for people, e.g. `thin: 63 outcomes (21 won, 42 lost) — estimates are rough…`. */
  message: string;
  thresholds: DataThresholds;
};

export function dataQuality(won: number, lost: number, thresholds = DATA_THRESHOLDS): DataQuality {
  const counted = `${won + lost} outcome${won + lost === 1 ? '' : 's'} (${won} won, ${lost} lost)`;
  const fewer = Math.min(won, lost);
  const base = { thresholds };
  if (fewer < thresholds.floor) {
    return {
      ...base,
      level: 'insufficient',
      claims: false,
      message:
        `not enough data for claims: ${counted}; the report shows the evidence, but calls no rule ` +
        `predictive, recommends no threshold and suggests no weights before at least ${thresholds.floor} won ` +
        `and ${thresholds.floor} lost outcomes`,
    };
  }
  if (fewer < thresholds.moderate) {
    return {
      ...base,
      level: 'thin',
      claims: true,
      message:
        `thin: ${counted} — estimates are rough and intervals wide; only strong, consistent evidence ` +
        'gets a verdict, and suggested weights are a hint to test (as a shadow model), not a model to publish',
    };
  }
  if (fewer < thresholds.solid) {
    return {
      ...base,
      level: 'moderate',
      claims: true,
      message: `moderate: ${counted} — estimates are usable; read the intervals before changing a weight`,
    };
  }
  return { ...base, level: 'solid', claims: true, message: `solid: ${counted}` };
}

/**
 * Suggested weights: an L2-regularised logistic regression of won/lost on "the rule fired before
 * the outcome" (0/1 per rule), its coefficients turned into points on the model's own scale, and
 * its fit in-sample and cross-validated so overfitting on few outcomes is visible.
 */
import type { Rule } from '../scoring';
import type { RuleFeature } from './features';
import { crossValidatedPredictions, fitLogistic, predictLogistic, stratifiedFolds } from './logistic';
import { accuracy, auc, brier, logLoss, round } from './stats';

/**
 * The default penalty: a normal prior with standard deviation 0.5 on each standardised coefficient.
 * For a rule that fires for half the leads that is about ±1 in log-odds (odds × 0.37 to × 2.7) at
 * one standard deviation: wide enough for any real signal, narrow enough that one or two lucky
 * outcomes cannot make a rule look decisive.
 */
export const DEFAULT_L2 = 4;

export type WeightsOptions = {
  /** Strength of the L2 penalty on the standardised coefficients. Default `DEFAULT_L2` (4). */
  l2?: number;
  /** Leave-one-out up to this many outcomes, 10-fold stratified cross-validation above. Default 100. */
  leaveOneOutUpTo?: number;
};

/** The part of an outcome the fit reads. */
export type WeightOutcome = { outcome: 'won' | 'lost'; features: Record<string, RuleFeature> };

export type SuggestedWeight = {
  ruleId: string;
  /** The rule's current points per firing. */
  currentPoints: number;
  /** Change in log-odds of winning when the rule fired (unstandardised); `null` when not fitted. */
  coefficient: number | null;
  /** The coefficient on the model's point scale, rounded; `null` when not fitted. */
  suggestedPoints: number | null;
  /** Why there is no suggestion: the rule never fired, or fired for every outcome. */
  reason?: string;
};

export type Fit = {
  /** Mean negative log-likelihood (lower is better). */
  logLoss: number;
  /** Mean squared error of the probabilities (lower is better; 0.25 is a coin toss). */
  brier: number;
  /** Share of outcomes on the right side of 50 %. */
  accuracy: number;
  /** Probability that a won lead gets a higher prediction than a lost one (0.5 is chance). */
  auc: number | null;
};

export type WeightsReport = {
  method: string;
  l2: number;
  /** Points per unit of log-odds: the scale the coefficients were converted with. */
  pointsPerLogOdds: number | null;
  scaling: string;
  weights: SuggestedWeight[];
  fit: {
    inSample: Fit;
    crossValidated: Fit & { method: string };
    /** Predicting the overall win rate for everyone: what a model has to beat to be worth anything. */
    baseline: { inSample: Pick<Fit, 'logLoss' | 'brier'>; crossValidated: Pick<Fit, 'logLoss' | 'brier'> };
  };
  /** Whether the cross-validated fit beats the baseline, in words. */
  verdict: string;
};

export function suggestWeights(
  rules: readonly Rule[],
  outcomes: readonly WeightOutcome[],
  options: WeightsOptions = {},
): WeightsReport {
  const l2 = options.l2 ?? DEFAULT_L2;
  const x = outcomes.map((o) => rules.map((r) => ((o.features[r.id]?.fired ?? 0) > 0 ? 1 : 0)));
  const y = outcomes.map((o) => o.outcome === 'won');
  const fit = fitLogistic(x, y, { l2 });

  const k = outcomes.length <= (options.leaveOneOutUpTo ?? 100) ? outcomes.length : 10;
  const cv = crossValidatedPredictions(x, y, stratifiedFolds(y, k), { l2 });
  const rate = y.filter(Boolean).length / y.length;
  const constant = y.map(() => rate);
  const crossValidated = {
    method: k === outcomes.length ? 'leave-one-out' : `${k}-fold, stratified`,
    ...fitOf(cv.model, y),
  };
  const cvBaseline = { logLoss: round(logLoss(cv.baseRate, y)), brier: round(brier(cv.baseRate, y)) };
  const useful = crossValidated.logLoss < cvBaseline.logLoss;

  // Unstandardised: the change in log-odds when the rule fired, for every rule that varied.
  const coefficient = rules.map((_, j) => {
    const sd = fit.sd[j] as number;
    return sd > 0 ? (fit.coef[j] as number) / sd : null;
  });
  // A fit that does not beat the base rate gets no points: scaled up to the model's budget, its
  // near-zero coefficients would look like advice.
  const scale = useful ? pointScale(rules, coefficient) : null;
  const weights = rules.map((r, j): SuggestedWeight => {
    const c = coefficient[j] ?? null;
    const fired = x.some((row) => row[j] === 1);
    return {
      ruleId: r.id,
      currentPoints: r.points,
      coefficient: c === null ? null : round(c),
      suggestedPoints: c === null || scale === null ? null : Math.round(c * scale) || 0,
      ...(c === null
        ? { reason: fired ? 'fired before every outcome' : 'never fired before an outcome' }
        : scale === null
          ? { reason: 'the fit does not beat the base rate out of sample' }
          : {}),
    };
  });

  return {
    method:
      'L2-regularised logistic regression on "the rule fired before the outcome" (0/1, standardised), ' +
      "fitted by Newton's method; the penalty is fixed, not tuned on these outcomes, so the cross-validated fit is honest",
    l2,
    pointsPerLogOdds: scale === null ? null : round(scale, 2),
    scaling:
      'coefficients (log-odds) × pointsPerLogOdds, so the fitted rules keep their current total of absolute points; ' +
      'a rule that fires repeatedly is judged on whether it fired at all',
    weights,
    fit: {
      inSample: fitOf(
        outcomes.map((_, i) => predictLogistic(fit, x[i] as number[])),
        y,
      ),
      crossValidated,
      baseline: {
        inSample: { logLoss: round(logLoss(constant, y)), brier: round(brier(constant, y)) },
        crossValidated: cvBaseline,
      },
    },
    verdict: useful
      ? `out of sample the weights predict better than the base rate (log-loss ${crossValidated.logLoss} vs ${cvBaseline.logLoss})`
      : `out of sample the weights do not beat the base rate (log-loss ${crossValidated.logLoss} vs ${cvBaseline.logLoss}): ` +
        'do not adopt them',
  };
}

/**
 * Points per unit of log-odds such that the fitted rules keep their current total of absolute
 * points: bands and MQL criteria keep roughly their meaning while points move between rules.
 */
function pointScale(rules: readonly Rule[], coefficient: readonly (number | null)[]): number | null {
  let current = 0;
  let fitted = 0;
  rules.forEach((r, j) => {
    const c = coefficient[j];
    if (c === null || c === undefined) return;
    current += Math.abs(r.points);
    fitted += Math.abs(c);
  });
  return fitted > 1e-9 && current > 0 ? current / fitted : null;
}

function fitOf(p: number[], y: boolean[]): Fit {
  const a = auc(p, y);
  return {
    logLoss: round(logLoss(p, y)),
    brier: round(brier(p, y)),
    accuracy: round(accuracy(p, y)),
    auc: a === null ? null : round(a),
  };
}

/**
 * Suggested weights: an L2-regularised logistic regression of won/lost on "the rule fired before
 * the outcome" (0/1 per rule), its coefficients turned into points on the model's own scale.
 *
 * A suggestion has to earn its place three times over: the fit must beat the base rate out of
 * sample by a margin the data supports (the 95 % interval of the per-outcome gain in log-loss
 * lies above 0), and each rule's coefficient must have a 95 % interval that excludes 0 and the
 * same sign in every cross-validation fold. The penalty shrinks every coefficient towards 0 (a
 * normal prior), so a rule needs consistent evidence to move far. Anything short of that gets no
 * points, with the reason.
 */
import type { Rule } from '../scoring';
import type { RuleFeature } from './features';
import {
  crossValidatedPredictions,
  fitLogistic,
  type LogisticFit,
  predictLogistic,
  stratifiedFolds,
} from './logistic';
import { accuracy, auc, brier, type Interval, logLoss, round, roundInterval, Z95 } from './stats';

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
  /** Cross-validation folds (stratified). Default 5; fewer when a class has fewer outcomes. */
  folds?: number;
};

/** The part of an outcome the fit reads. */
export type WeightOutcome = { outcome: 'won' | 'lost'; features: Record<string, RuleFeature> };

export type SuggestedWeight = {
  ruleId: string;
  /** The rule's current points per firing. */
  currentPoints: number;
  /** Change in log-odds of winning when the rule fired, all else equal; `null` when not fitted. */
  coefficient: number | null;
  /** Its 95 % interval (Laplace approximation of the penalised fit); `null` when not fitted. */
  interval: { low: number; high: number } | null;
  /** Whether every cross-validation fold gave the coefficient the same sign; `null` when not fitted. */
  signStable: boolean | null;
  /** The coefficient on the model's point scale, rounded; `null` when there is no suggestion. */
  suggestedPoints: number | null;
  /** Why there is no suggestion for this rule. */
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
  /** Whether any weight is suggested. */
  suggested: boolean;
  method: string;
  l2: number;
  /** Points per unit of log-odds: the scale the coefficients were converted with; `null` without suggestions. */
  pointsPerLogOdds: number | null;
  scaling: string;
  weights: SuggestedWeight[];
  fit: {
    inSample: Fit;
    /**
     * Out of sample: each outcome predicted by a fit without its fold. `auc` is the mean of the
     * folds' AUCs (pooling predictions of different folds would rank their intercepts, not the
     * rules), with a 95 % interval from their spread.
     */
    crossValidated: Omit<Fit, 'auc'> & { method: string; auc: Interval | null };
    /** Predicting each fold's training win rate for everyone: what a model has to beat to be worth anything. */
    baseline: { inSample: Pick<Fit, 'logLoss' | 'brier'>; crossValidated: Pick<Fit, 'logLoss' | 'brier'> };
    /** Mean log-loss per outcome the fit saves over the baseline out of sample, with its 95 % interval. */
    gain: Interval;
    /** How many outcomes the fit rests on. */
    outcomes: number;
  };
  /** Whether the out-of-sample gain is clearly above 0, in words. */
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

  const won = y.filter(Boolean).length;
  const k = Math.max(2, Math.min(options.folds ?? 5, won, y.length - won));
  const folds = stratifiedFolds(y, k);
  const cv = crossValidatedPredictions(x, y, folds, { l2 });
  const gain = lossGain(cv.baseRate, cv.model, y);
  const useful = gain.low > 0;

  // Unstandardised: the change in log-odds when the rule fired, for every rule that varied.
  const coefficient = rules.map((_, j) => {
    const sd = fit.sd[j] as number;
    return sd > 0 ? (fit.coef[j] as number) / sd : null;
  });
  const scale = useful ? pointScale(rules, coefficient) : null;
  const weights = rules.map((r, j): SuggestedWeight => {
    const c = coefficient[j] ?? null;
    const fired = x.some((row) => row[j] === 1);
    if (c === null) {
      return {
        ruleId: r.id,
        currentPoints: r.points,
        coefficient: null,
        interval: null,
        signStable: null,
        suggestedPoints: null,
        reason: fired ? 'fired before every outcome: nothing to compare' : 'never fired before an outcome',
      };
    }
    const se = (fit.se[j] as number) / (fit.sd[j] as number);
    const interval = { low: c - Z95 * se, high: c + Z95 * se };
    const signStable = sameSignInEveryFold(cv.fits, j, c);
    const settled = interval.low > 0 || interval.high < 0;
    const reason =
      scale === null
        ? 'the fit does not clearly beat the base rate out of sample'
        : !settled
          ? 'its interval includes 0: the data does not settle whether it helps or hurts; keep the current points'
          : !signStable
            ? 'its sign changes between cross-validation folds; keep the current points'
            : undefined;
    return {
      ruleId: r.id,
      currentPoints: r.points,
      coefficient: round(c),
      interval: { low: round(interval.low), high: round(interval.high) },
      signStable,
      suggestedPoints: reason === undefined && scale !== null ? Math.round(c * scale) || 0 : null,
      ...(reason ? { reason } : {}),
    };
  });
  const suggested = weights.some((w) => w.suggestedPoints !== null);

  const rate = won / y.length;
  const constant = y.map(() => rate);
  const cvBaseline = { logLoss: round(logLoss(cv.baseRate, y)), brier: round(brier(cv.baseRate, y)) };
  const cvFit = fitOf(cv.model, y);
  const gainShown = roundInterval(gain, 4);
  return {
    suggested,
    method:
      'L2-regularised logistic regression on "the rule fired before the outcome" (0/1, standardised), ' +
      `fitted by Newton's method; the penalty is fixed, not tuned on these outcomes, so the ${k}-fold ` +
      'cross-validated fit is honest',
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
      crossValidated: {
        method: `${k}-fold, stratified`,
        logLoss: cvFit.logLoss,
        brier: cvFit.brier,
        accuracy: cvFit.accuracy,
        auc: foldAuc(cv.model, y, folds, k),
      },
      baseline: {
        inSample: { logLoss: round(logLoss(constant, y)), brier: round(brier(constant, y)) },
        crossValidated: cvBaseline,
      },
      gain: gainShown,
      outcomes: y.length,
    },
    verdict: useful
      ? `out of sample the fit beats the base rate (log-loss ${cvFit.logLoss} vs ${cvBaseline.logLoss}; gain per outcome ` +
        `${gainShown.estimate}, 95 % interval ${gainShown.low} to ${gainShown.high}, on ${y.length} outcomes)` +
        (suggested ? '' : ', but no single rule is settled enough to move')
      : `out of sample the fit does not clearly beat the base rate (log-loss ${cvFit.logLoss} vs ${cvBaseline.logLoss}; ` +
        `gain per outcome ${gainShown.estimate}, 95 % interval ${gainShown.low} to ${gainShown.high}): no weights are suggested`,
  };
}

/**
 * The mean per-outcome log-loss saved by the model over the baseline, with a 95 % interval from the
 * spread of the per-outcome differences (paired: the same outcomes, so their noise largely cancels).
 */
function lossGain(baseline: readonly number[], model: readonly number[], y: readonly boolean[]): Interval {
  const n = y.length;
  const d = y.map((won, i) => pointLoss(baseline[i] as number, won) - pointLoss(model[i] as number, won));
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  const half = Z95 * Math.sqrt(variance / n);
  return { estimate: mean, low: mean - half, high: mean + half };
}

function pointLoss(p: number, won: boolean): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return won ? -Math.log(q) : -Math.log(1 - q);
}

function sameSignInEveryFold(fits: readonly LogisticFit[], j: number, c: number): boolean {
  return fits.every((f) => {
    const cf = f.coef[j] as number;
    return (f.sd[j] as number) > 0 && Math.sign(cf) === Math.sign(c) && cf !== 0;
  });
}

/** The mean of the folds' own AUCs, with a 95 % interval from their spread (clipped to [0, 1]). */
function foldAuc(
  p: readonly number[],
  y: readonly boolean[],
  folds: readonly number[],
  k: number,
): Interval | null {
  const values: number[] = [];
  for (let f = 0; f < k; f++) {
    const idx = folds.flatMap((g, i) => (g === f ? [i] : []));
    const a = auc(
      idx.map((i) => p[i] as number),
      idx.map((i) => y[i] as boolean),
    );
    if (a !== null) values.push(a);
  }
  if (values.length === 0) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  const half = (Z95 * sd) / Math.sqrt(values.length);
  return roundInterval({ estimate: mean, low: Math.max(0, mean - half), high: Math.min(1, mean + half) });
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

/**
 * The model report: from recorded won/lost outcomes, which rules and thresholds actually predict a
 * sale, and what weights the data suggests. Pure and deterministic (the same outcomes in the same
 * order give the same report); honest about small data: below a floor it shows only the counts.
 */
import { describeRule, type ScoringModel } from '../scoring';
import { type DataQuality, type DataThresholds, dataQuality } from './data-quality';
import type { OutcomeRecord } from './features';
import { type RuleEvidence, ruleEvidence } from './rule-lift';
import { aucInterval, auc as aucOf, type Interval, roundInterval, wilson } from './stats';
import {
  type BestThreshold,
  bestTotalThreshold,
  type ThresholdEvidence,
  thresholdEvidence,
} from './thresholds';
import { suggestWeights, type WeightsOptions, type WeightsReport } from './weights';

/** What the report reads of each decided lead. */
export type ReportOutcome = Pick<OutcomeRecord, 'outcome' | 'features' | 'scores' | 'total' | 'reachedMql'>;

export type ModelReportOptions = {
  /** Options of the weight fit (L2 strength, cross-validation). Defaults in `WeightsOptions`. */
  weights?: WeightsOptions;
  /** Data-quality levels. Default `DATA_THRESHOLDS`. */
  dataThresholds?: DataThresholds;
};

export type ModelReport = {
  /** The version label of the model the report judges. */
  modelVersion: string;
  counts: { won: number; lost: number; total: number };
  dataQuality: DataQuality;
  /** Won / all, with its 95 % Wilson interval. */
  winRate: Interval | null;
  /** The rules that predict wins and losses (verdicts only), strongest evidence first. */
  summary: { predictsWins: string[]; predictsLosses: string[] };
  /** Every rule of the model; `null` when there is not enough data. */
  rules: RuleEvidence[] | null;
  /** "Reached MQL" and every band boundary; `null` when there is not enough data. */
  thresholds: ThresholdEvidence[] | null;
  /** The F1-maximising total, in-sample; `null` when there is not enough data. */
  bestThreshold: BestThreshold | null;
  /**
   * How well the current total (at the moment of the outcome) ranks won above lost leads: its AUC
   * with a 95 % interval (Newcombe's score interval). Out of sample by construction: the model
   * was not fitted to these outcomes.
   */
  currentScore: { auc: Interval } | null;
  weights: WeightsReport | null;
};

export function buildModelReport(
  outcomes: readonly ReportOutcome[],
  model: ScoringModel,
  options: ModelReportOptions = {},
): ModelReport {
  const won = outcomes.filter((o) => o.outcome === 'won').length;
  const lost = outcomes.length - won;
  const quality = dataQuality(won, lost, options.dataThresholds);
  const base = {
    modelVersion: model.version,
    counts: { won, lost, total: outcomes.length },
    dataQuality: quality,
  };
  if (quality.level === 'insufficient') {
    return {
      ...base,
      winRate: null,
      summary: { predictsWins: [], predictsLosses: [] },
      rules: null,
      thresholds: null,
      bestThreshold: null,
      currentScore: null,
      weights: null,
    };
  }

  const rules = ruleEvidence(model.rules, outcomes, describeRule);
  const isWon = outcomes.map((o) => o.outcome === 'won');
  const currentAuc = aucOf(
    outcomes.map((o) => o.total),
    isWon,
  );
  const winRate = wilson(won, outcomes.length);
  return {
    ...base,
    winRate: winRate ? roundInterval(winRate) : null,
    summary: {
      predictsWins: rules.filter((r) => r.verdict === 'predicts wins').map((r) => r.ruleId),
      predictsLosses: rules.filter((r) => r.verdict === 'predicts losses').map((r) => r.ruleId),
    },
    rules,
    thresholds: thresholdEvidence(model, outcomes),
    bestThreshold: bestTotalThreshold(outcomes),
    currentScore: currentAuc === null ? null : { auc: roundInterval(aucInterval(currentAuc, won, lost)) },
    weights: suggestWeights(model.rules, outcomes, options.weights),
  };
}

/**
 * The model report: from recorded won/lost outcomes, how often leads convert by score, which
 * rules and thresholds actually predict a sale, and what weights the data suggests. Pure and
 * deterministic (the same outcomes in the same order give the same report).
 *
 * It never claims more than the data holds: every figure carries the outcomes it rests on and an
 * interval; below the data floor (`DATA_THRESHOLDS.floor` won and as many lost outcomes) it shows
 * the evidence but calls no rule predictive, recommends no threshold and suggests no weights;
 * verdicts control the false discovery rate across rules; weights need an out-of-sample gain the
 * data supports. See README.md in this folder.
 */
import { describeRule, type ScoringModel } from '../scoring';
import { type Conversion, conversionByScore } from './buckets';
import { type DataQuality, type DataThresholds, dataQuality } from './data-quality';
import type { OutcomeRecord } from './features';
import { type ScoreRanking, scoreRanking } from './ranking';
import { type RuleEvidence, ruleEvidence } from './rule-lift';
import { type Share, share } from './stats';
import {
  type LeadVolume,
  recommendThreshold,
  type ThresholdAdvice,
  type ThresholdEvidence,
  thresholdEvidence,
} from './thresholds';
import { suggestWeights, type WeightsOptions, type WeightsReport } from './weights';

/** What the report reads of each decided lead. */
export type ReportOutcome = Pick<OutcomeRecord, 'outcome' | 'features' | 'scores' | 'total' | 'reachedMql'> &
  Partial<Pick<OutcomeRecord, 'outcomeAt'>>;

export type ModelReportOptions = {
  /** Options of the weight fit (L2 strength, folds). Defaults in `WeightsOptions`. */
  weights?: WeightsOptions;
  /** Data-quality levels and the floor. Default `DATA_THRESHOLDS`. */
  dataThresholds?: DataThresholds;
  /** How to count leads per month for the threshold trade-off. Default: the outcomes' own dates. */
  volume?: LeadVolume;
};

export type ModelReport = {
  /** The version label of the model the report judges. */
  modelVersion: string;
  counts: { won: number; lost: number; total: number };
  dataQuality: DataQuality;
  /** Won / all, with its 95 % Wilson interval; `null` without outcomes. */
  winRate: Share | null;
  /** Win rate per band, per 10-point bucket and per decile; `null` without outcomes. */
  conversion: Conversion | null;
  /** How well the total at the outcome ranks won above lost leads; `null` without both classes. */
  currentScore: ScoreRanking | null;
  /** The rules called predictive (false discovery rate ≤ 5 %), strongest evidence first; empty below the floor. */
  summary: { predictsWins: string[]; predictsLosses: string[] };
  /** Every rule of the model with its evidence; `null` without outcomes. */
  rules: RuleEvidence[] | null;
  /** "Reached MQL" and every band boundary as classifiers; `null` without outcomes. */
  thresholds: ThresholdEvidence[] | null;
  /** The threshold trade-off and a recommendation (none below the floor); `null` without outcomes. */
  recommendedThreshold: ThresholdAdvice | null;
  /** Suggested weights; `null` below the floor (no fit is attempted). */
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
  if (outcomes.length === 0) {
    return {
      ...base,
      winRate: null,
      conversion: null,
      currentScore: null,
      summary: { predictsWins: [], predictsLosses: [] },
      rules: null,
      thresholds: null,
      recommendedThreshold: null,
      weights: null,
    };
  }

  const rules = ruleEvidence(model.rules, outcomes, describeRule, quality);
  const isWon = outcomes.map((o) => o.outcome === 'won');
  return {
    ...base,
    winRate: share(won, outcomes.length),
    conversion: conversionByScore(model, outcomes),
    currentScore: scoreRanking(
      outcomes.map((o) => o.total),
      isWon,
      { claims: quality.claims, what: 'the current total' },
    ),
    summary: {
      predictsWins: rules.filter((r) => r.verdict === 'predicts wins').map((r) => r.ruleId),
      predictsLosses: rules.filter((r) => r.verdict === 'predicts losses').map((r) => r.ruleId),
    },
    rules,
    thresholds: thresholdEvidence(model, outcomes),
    recommendedThreshold: recommendThreshold(model, outcomes, {
      claims: quality.claims,
      ...(options.volume ? { volume: options.volume } : {}),
    }),
    weights: quality.claims ? suggestWeights(model.rules, outcomes, options.weights) : null,
  };
}

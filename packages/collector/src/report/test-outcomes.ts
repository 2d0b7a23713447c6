/** Builders of synthetic outcomes for the report's tests: terse, deterministic, on the default model. */
import { DEFAULT_MODEL, type Scores } from '../scoring';
import { AXES } from '../scoring/model';
import type { RuleFeature } from './features';
import type { ReportOutcome } from './model-report';

const points = new Map(DEFAULT_MODEL.rules.map((r) => [r.id, r]));

/** A decided lead for which the given rules fired once each; scores are their points, MQL as in the default model. */
export function outcome(result: 'won' | 'lost', fired: readonly string[]): ReportOutcome {
  const features: Record<string, RuleFeature> = {};
  const scores: Scores = { interest: 0, intent: 0, fit: 0 };
  for (const id of fired) {
    const rule = points.get(id);
    if (!rule) throw new Error(`no rule ${id} in the default model`);
    features[id] = { fired: 1, points: rule.points };
    scores[rule.axis] += rule.points;
  }
  const total = AXES.reduce((s, a) => s + scores[a], 0);
  return {
    outcome: result,
    features,
    scores,
    total,
    reachedMql: total >= 51 || (scores.intent >= 40 && scores.fit >= 10),
  };
}

/** `count` copies of one outcome. */
export function times(count: number, o: ReportOutcome): ReportOutcome[] {
  return Array.from({ length: count }, () => o);
}

/**
 * 30 outcomes per `scale` (12 won, 18 lost): won leads mostly read the pricing page and asked for
 * a demo; lost leads mostly read the careers page; half of either read the blog. At scale 1 the
 * data is below the report's floor (20 won and 20 lost), at scale 3 above it.
 */
export function salesStory(scale = 1): ReportOutcome[] {
  const blog = 'content-page-view';
  const n = (count: number) => count * scale;
  return [
    ...times(n(5), outcome('won', ['pricing-page', 'demo-request', blog])),
    ...times(n(4), outcome('won', ['pricing-page', 'demo-request'])),
    ...times(n(1), outcome('won', ['pricing-page', blog])),
    ...times(n(1), outcome('won', ['pricing-page'])),
    ...times(n(1), outcome('won', ['careers-page'])),
    ...times(n(1), outcome('lost', ['pricing-page', 'demo-request', blog])),
    ...times(n(1), outcome('lost', ['pricing-page', 'demo-request'])),
    ...times(n(1), outcome('lost', ['pricing-page', blog])),
    ...times(n(1), outcome('lost', ['pricing-page'])),
    ...times(n(6), outcome('lost', ['careers-page', blog])),
    ...times(n(6), outcome('lost', ['careers-page'])),
    ...times(n(1), outcome('lost', [blog])),
    ...times(n(1), outcome('lost', [])),
  ];
}

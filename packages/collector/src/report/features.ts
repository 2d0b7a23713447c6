/**
 * What the model report learns from: a decided lead as it stood just before its outcome. Only
 * events the engine folded before the outcome count, so a rule that fires on the sale itself (or
 * on what the customer did afterwards) cannot make itself look predictive.
 */
import { type CompiledModel, compareEvents, finalize, replay, type Scores, type Stage } from '../scoring';
import type { LeadEvent, SalesEvent } from '../scoring/events';

/** A rule's evidence before the outcome. */
export type RuleFeature = {
  /** Firings (distinct events, or inactivity moments). */
  fired: number;
  /** Points they earned after caps and before decay. */
  points: number;
};

/** One decided lead, as stored in `lead_outcomes` and read by the report. */
export type OutcomeRecord = {
  leadId: string;
  site: string;
  outcome: 'won' | 'lost';
  /** The deal value given with the outcome, if any. */
  value: number | null;
  /** When the (last) outcome was recorded, ms since epoch. */
  outcomeAt: number;
  /** The model version (0 = built-in default) the features were computed with. */
  modelVersion: number;
  /** Per rule id, for rules that fired before the outcome. */
  features: Record<string, RuleFeature>;
  /** Scores, band and stage at the moment of the outcome, before it was applied. */
  scores: Scores;
  total: number;
  band: string;
  stage: Stage;
  /** Whether the lead was an MQL at any time before the outcome. */
  reachedMql: boolean;
  disqualified: boolean;
};

/** The sales event that decided the lead's current outcome: the last won/lost in fold order. */
export function decidingEvent(events: readonly LeadEvent[]): SalesEvent | undefined {
  let last: SalesEvent | undefined;
  for (const e of events) {
    if (e.type !== 'sales' || (e.action !== 'won' && e.action !== 'lost')) continue;
    if (!last || compareEvents(last, e) < 0) last = e;
  }
  return last;
}

/**
 * The lead's outcome record, or `null` when it has no outcome. Replays the events that come before
 * the deciding event in the engine's (at, id) order and reads the state at the outcome's time: the
 * same state the engine was in when it applied the outcome.
 */
export function outcomeRecord(
  lead: { leadId: string; site: string },
  events: readonly LeadEvent[],
  model: { version: number; compiled: CompiledModel },
): OutcomeRecord | null {
  const decided = decidingEvent(events);
  if (!decided) return null;
  const before = events.filter((e) => compareEvents(e, decided) < 0);
  const asOf = finalize(replay(before, model.compiled), decided.at);

  const features: Record<string, RuleFeature> = {};
  const seen = new Set<string>();
  for (const line of asOf.ledger) {
    const f = features[line.ruleId] ?? { fired: 0, points: 0 };
    features[line.ruleId] = f;
    // An inactivity reset writes one line per behavioural axis for a single firing.
    const firing = `${line.ruleId}\u0000${line.eventId}`;
    if (!seen.has(firing)) {
      seen.add(firing);
      f.fired++;
    }
    f.points += line.capped;
  }

  return {
    leadId: lead.leadId,
    site: lead.site,
    outcome: decided.action === 'won' ? 'won' : 'lost',
    value: decided.value ?? null,
    outcomeAt: decided.at,
    modelVersion: model.version,
    features,
    scores: asOf.scores,
    total: asOf.total,
    band: asOf.band,
    stage: asOf.stage,
    reachedMql: asOf.stage === 'mql' || asOf.transitions.some((t) => t.kind === 'stage' && t.to === 'mql'),
    disqualified: asOf.disqualified,
  };
}

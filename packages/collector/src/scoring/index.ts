// Temporary first slice of the scoring engine: points per topic page view and total bands.
// The complete engine (rules, caps, decay, stages, hysteresis) replaces this module.
import type { LeadEvent } from './events';

export type Axis = 'interest' | 'intent' | 'fit';
export type Band = 'cold' | 'warm' | 'hot';
export type Stage = 'visitor' | 'known' | 'mql' | 'sql' | 'recycled';

export type Model = {
  version: string;
  topicPoints: Record<string, number>;
  defaultTopicPoints: number;
  bands: { warm: number; hot: number };
};

export const DEFAULT_MODEL: Model = {
  version: 'default-1',
  topicPoints: { pricing: 15 },
  defaultTopicPoints: 2,
  bands: { warm: 26, hot: 51 },
};

export type LedgerLine = {
  eventId: string;
  ruleId: string;
  modelVersion: string;
  axis: Axis;
  at: number;
  raw: number;
  capped: number;
  value: number;
  reason: string;
  anonymous: boolean;
};

export type ScoreResult = {
  modelVersion: string;
  scores: Record<Axis, number>;
  total: number;
  band: Band;
  stage: Stage;
  disqualified: boolean;
  ledger: LedgerLine[];
  profile: { email?: string; traits: Record<string, string | number | boolean>; country?: string; company?: string };
  firstSeenAt: number | null;
  lastVisitAt: number | null;
  eventCount: number;
  anonymousPoints: number;
};

export function scoreLead(events: readonly LeadEvent[], model: Model, _now: number): ScoreResult {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const ledger: LedgerLine[] = [];
  const profile: ScoreResult['profile'] = { traits: {} };
  let identified = false;
  for (const e of sorted) {
    if (e.network?.country) profile.country = e.network.country;
    if (e.network?.company) profile.company = e.network.company;
    if (e.type === 'identify') {
      identified = true;
      profile.email = e.email;
      Object.assign(profile.traits, e.traits);
    }
    if (e.type !== 'pageview') continue;
    for (const topic of e.topics) {
      const points = model.topicPoints[topic] ?? model.defaultTopicPoints;
      ledger.push({
        eventId: e.id,
        ruleId: `topic:${topic}`,
        modelVersion: model.version,
        axis: 'interest',
        at: e.at,
        raw: points,
        capped: points,
        value: points,
        reason: `Viewed a page on topic ${topic}`,
        anonymous: !identified,
      });
    }
  }
  const scores = { interest: 0, intent: 0, fit: 0 };
  for (const line of ledger) scores[line.axis] += line.value;
  const total = scores.interest + scores.intent + scores.fit;
  const band: Band = total >= model.bands.hot ? 'hot' : total >= model.bands.warm ? 'warm' : 'cold';
  const visits = sorted.filter((e) => e.type === 'pageview');
  return {
    modelVersion: model.version,
    scores,
    total,
    band,
    stage: identified ? 'known' : 'visitor',
    disqualified: false,
    ledger,
    profile,
    firstSeenAt: sorted[0]?.at ?? null,
    lastVisitAt: visits.at(-1)?.at ?? null,
    eventCount: sorted.length,
    anonymousPoints: ledger.filter((l) => l.anonymous).reduce((s, l) => s + l.value, 0),
  };
}

import type { ScoreResult, ScoringModel, Transition } from '../scoring';
import type { LeadNotification, ScoreAxis } from '../webhooks/notification';

const STAGE_ORDER = ['visitor', 'recycled', 'known', 'mql', 'sql'];

export type NotificationContext = {
  site: string;
  leadId: string;
  model: ScoringModel;
  /** Public base URL of the collector, for dashboard links (optional). */
  publicUrl?: string;
};

/**
 * Turns the changes between two results of a lead into webhook notifications: every band and
 * stage change (up or down, whatever caused it), plus identification and disqualification. Ids
 * are derived from the change itself, so re-running the same change notifies nobody twice.
 */
export function notificationsFor(
  prev: ScoreResult | undefined,
  next: ScoreResult,
  changes: readonly Transition[],
  ctx: NotificationContext,
): LeadNotification[] {
  const lead = leadSnapshot(next);
  const base = {
    site: ctx.site,
    leadId: ctx.leadId,
    lead,
    why: topReasons(next),
    ...(ctx.publicUrl ? { url: `${ctx.publicUrl.replace(/\/$/, '')}/dashboard/leads/${ctx.leadId}` } : {}),
  };
  const out: LeadNotification[] = [];
  for (const t of changes) {
    const axis = (t.axis ?? 'total') as ScoreAxis;
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:${t.kind}:${axis}:${t.from}>${t.to}@${t.at}`,
      kind: t.kind === 'band' ? 'band_changed' : 'stage_changed',
      at: t.at,
      change: {
        ...(t.kind === 'band' ? { axis } : {}),
        from: t.from,
        to: t.to,
        direction: rank(t, ctx.model, t.to) > rank(t, ctx.model, t.from) ? 'up' : 'down',
        cause: t.cause,
      },
    });
  }
  if (next.profile.email && next.profile.email !== prev?.profile.email) {
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:identified:${next.profile.email}`,
      kind: 'identified',
      at: next.asOf,
    });
  }
  if (next.disqualified && !prev?.disqualified) {
    const by = next.disqualifiedBy;
    out.push({
      ...base,
      id: `${ctx.leadId.slice(0, 20)}:disqualified:${by?.ruleId ?? ''}@${by?.at ?? next.asOf}`,
      kind: 'disqualified',
      at: by?.at ?? next.asOf,
    });
  }
  return out;
}

function rank(t: Transition, model: ScoringModel, name: string): number {
  if (t.kind === 'stage') return STAGE_ORDER.indexOf(name);
  const set = model.bands.find((b) => b.on === (t.axis ?? 'total')) ?? model.bands[0];
  return set ? set.levels.findIndex((l) => l.name === name) : 0;
}

function leadSnapshot(r: ScoreResult): LeadNotification['lead'] {
  const name = r.profile.traits.name;
  return {
    ...(r.profile.email ? { email: r.profile.email } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(r.profile.company ? { company: r.profile.company } : {}),
    scores: r.scores,
    total: r.total,
    band: r.band,
    stage: r.stage,
    disqualified: r.disqualified,
  };
}

/** The five ledger lines worth most now: "why this score" in the message itself. */
export function topReasons(r: ScoreResult, n = 5): NonNullable<LeadNotification['why']> {
  return [...r.ledger]
    .filter((l) => l.value !== 0)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, n)
    .map((l) => ({ rule: l.ruleId, points: l.value, reason: l.reason }));
}

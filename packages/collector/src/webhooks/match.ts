import type { LeadNotification, NotificationKind, ScoreAxis } from './notification';

/** The filters of a subscription; an unset list matches everything. */
export type SubscriptionFilter = {
  kinds: readonly NotificationKind[];
  /** Bands the lead must be in after the change (for a band change: the band it moved to). */
  bands: readonly string[] | null;
  /** Stages the lead must be in after the change (for a stage change: the stage it moved to). */
  stages: readonly string[] | null;
  /** Axes a band change must be on (band changes only). */
  axes: readonly ScoreAxis[] | null;
  sites: readonly string[] | null;
  /** Direction of band and stage changes; identifications and disqualifications have none. */
  direction: 'up' | 'down' | 'both';
  /** Whether changes of anonymous visitors (no known address yet) are wanted too. Default false. */
  includeAnonymous: boolean;
};

/**
 * Whether a subscription wants a notification. A disqualified lead only ever produces
 * `disqualified` deliveries: it never reaches sales, whatever its score or stage. An anonymous
 * visitor reaches only subscriptions that ask for anonymous visitors.
 */
export function matches(filter: SubscriptionFilter, n: LeadNotification): boolean {
  if (!filter.kinds.includes(n.kind)) return false;
  if (n.lead.anonymous && !filter.includeAnonymous) return false;
  if (n.lead.disqualified && n.kind !== 'disqualified') return false;
  if (filter.sites && !filter.sites.includes(n.site)) return false;

  const isMove = n.kind !== 'identified' && n.kind !== 'disqualified';
  if (isMove && filter.direction !== 'both' && n.change?.direction !== filter.direction) return false;

  const isBand = n.kind === 'band_changed' || n.kind === 'account_band_changed';
  const band = isBand && n.change ? n.change.to : n.lead.band;
  if (filter.bands && !filter.bands.includes(band)) return false;

  const isStage = n.kind === 'stage_changed' || n.kind === 'account_stage_changed';
  const stage = isStage && n.change ? n.change.to : n.lead.stage;
  if (filter.stages && !filter.stages.includes(stage)) return false;

  if (filter.axes && isBand && !filter.axes.includes(n.change?.axis ?? 'total')) {
    return false;
  }
  return true;
}

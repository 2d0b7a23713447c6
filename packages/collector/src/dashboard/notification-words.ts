/** A subscription's routing in words, for the notifications screens ("Band changes to hot, upwards"). */
import type { Subscription } from '../webhooks/subscriptions';
import { plural } from './format';
import { SIGNAL_TYPE_LABELS } from './subscription-form';

const SHORT_KINDS: Record<Subscription['kinds'][number], string> = {
  band_changed: 'band changes',
  stage_changed: 'stage changes',
  identified: 'identifications',
  disqualified: 'disqualifications',
  signal: 'single signals',
  account_band_changed: 'account band changes',
  account_stage_changed: 'account stage changes',
};

const or = (xs: readonly string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`;

/** The signal conditions in one sentence: "a page view on pricing by a known lead from a company with ≥ 2 known people". */
export function signalWords(s: Subscription): string | null {
  const c = s.signal;
  if (!c) return null;
  const what = c.eventTypes ? or(c.eventTypes.map((t) => SIGNAL_TYPE_LABELS[t].toLowerCase())) : 'any event';
  const parts = [what];
  if (c.topics) parts.push(`on ${or(c.topics)}`);
  if (c.intents) parts.push(`with the form intent ${or(c.intents)}`);
  if (c.eventNames) parts.push(`named ${or(c.eventNames)}`);
  parts.push(
    c.known === true ? 'by a known lead' : c.known === false ? 'by an anonymous visitor' : 'by anyone',
  );
  if (c.minCompanyPeople !== undefined)
    parts.push(`from a company with ≥ ${plural(c.minCompanyPeople, 'known person', 'known people')}`);
  return parts.join(' ');
}

/** One line per setting that narrows what the subscription hears, most important first. */
export function routingWords(s: Subscription): string[] {
  const out = [`Hears about ${or(s.kinds.map((k) => SHORT_KINDS[k]))}`];
  const moves = s.kinds.includes('band_changed') || s.kinds.includes('stage_changed');
  if (s.bands) out.push(`Band: ${or(s.bands)}`);
  if (s.stages) out.push(`Stage: ${or(s.stages)}`);
  if (moves && s.direction !== 'both') out.push(s.direction === 'up' ? 'Upwards only' : 'Downwards only');
  if (s.axes) out.push(`Bands on ${or(s.axes)}`);
  if (s.topics) out.push(`Leads who read about ${or(s.topics)}`);
  if (s.countries) out.push(`From ${or(s.countries)}`);
  if (s.companies) out.push(`Companies: ${or(s.companies)}`);
  if (s.owners) out.push(`Owned by ${or(s.owners.map((o) => o ?? 'nobody'))}`);
  if (s.sites) out.push(`Sites: ${or(s.sites)}`);
  if (s.minScoreChange !== null) out.push(`Only when the score moved ≥ ${s.minScoreChange} points`);
  const signal = signalWords(s);
  if (signal) out.push(`Signal: ${signal}`);
  out.push(s.includeAnonymous ? 'Anonymous visitors too' : 'Known leads only');
  if (s.cooldownHours !== null)
    out.push(`At most one message per lead every ${plural(s.cooldownHours, 'hour')}`);
  return out;
}

/** "Slack · hooks.slack.com": where a subscription sends, without the secret part of the address. */
export function destinationWords(s: Pick<Subscription, 'url' | 'format'>): string {
  const host = URL.canParse(s.url) ? new URL(s.url).host : s.url;
  return `${s.format === 'slack' ? 'Slack' : 'JSON'} · ${host}`;
}

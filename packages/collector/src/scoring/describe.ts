/**
 * Words for the dashboard and webhooks: what a rule does (`describeRule`) and why a ledger line
 * exists (`lineReason`). Kept apart from the engine so wording can change without touching scoring.
 */
import type { LeadEvent } from './events';
import type { Conditions, Rule, TextMatch, ValueMatch } from './model';

const list = (x: string | readonly string[]): string => (Array.isArray(x) ? x.join(' or ') : (x as string));

function text(match: TextMatch): string {
  if (typeof match === 'string') return `"${match}"`;
  if (Array.isArray(match)) return match.map((m) => `"${m}"`).join(' or ');
  if ('contains' in match) return `containing ${list(match.contains)}`;
  if ('regex' in match) return `matching /${match.regex}/${match.flags ?? 'i'}`;
  return match.exists ? 'given' : 'missing';
}

function value(match: ValueMatch): string {
  if (typeof match === 'boolean') return String(match);
  if (typeof match === 'object' && !Array.isArray(match) && ('gte' in match || 'lte' in match)) {
    const parts: string[] = [];
    if (match.gte !== undefined) parts.push(`≥ ${match.gte}`);
    if (match.lte !== undefined) parts.push(`≤ ${match.lte}`);
    return parts.join(' and ');
  }
  return text(match as TextMatch);
}

/** The conditions in words, e.g. `topic product-*, engaged ≥ 30 s, scroll ≥ 75 %`. */
export function describeConditions(when: Conditions | undefined): string {
  if (!when) return '';
  const parts: string[] = [];
  if (when.topic) parts.push(`topic ${list(when.topic)}`);
  if (when.url) parts.push(`URL ${list(when.url)}`);
  for (const [k, m] of Object.entries(when.query ?? {})) parts.push(`?${k} ${text(m)}`);
  if (when.engagedSeconds !== undefined) parts.push(`engaged ≥ ${when.engagedSeconds} s`);
  if (when.scrollDepth !== undefined) parts.push(`scroll ≥ ${when.scrollDepth} %`);
  if (when.fileExt) parts.push(`file type ${list(when.fileExt)}`);
  if (when.fileName) parts.push(`file name ${text(when.fileName)}`);
  if (when.href) parts.push(`link ${text(when.href)}`);
  if (when.formIntent) parts.push(`form intent ${list(when.formIntent)}`);
  if (when.formId) parts.push(`form ${text(when.formId)}`);
  if (when.eventName) parts.push(`event ${list(when.eventName)}`);
  for (const [k, m] of Object.entries(when.props ?? {})) parts.push(`${k} ${value(m)}`);
  for (const [k, m] of Object.entries(when.traits ?? {})) parts.push(`${k} ${value(m)}`);
  if (when.emailDomain) parts.push(`${list(when.emailDomain)} e-mail domain`);
  if (when.company) parts.push(`company ${text(when.company)}`);
  if (when.country) parts.push(`country ${list(when.country)}`);
  if (when.campaign) parts.push(`campaign ${text(when.campaign)}`);
  if (when.salesAction) parts.push(`sales ${list(when.salesAction)}`);
  parts.push(...describeCounts(when));
  if (when.anyOf) parts.push(`either ${when.anyOf.map((set) => describeConditions(set)).join(' or ')}`);
  return parts.join(', ');
}

const within = (days: number | undefined): string => (days === undefined ? '' : ` within ${days} d`);

/** The conditions on the fold's own counts, e.g. `≥ 3 people within 90 d`. */
function describeCounts(when: Conditions): string[] {
  const parts: string[] = [];
  if (when.members) {
    const engaged = when.members.engagedSeconds ? ` engaged ≥ ${when.members.engagedSeconds} s` : '';
    parts.push(`≥ ${when.members.gte} people${engaged}${within(when.members.withinDays)}`);
  }
  if (when.activeDays)
    parts.push(`≥ ${when.activeDays.gte} active days${within(when.activeDays.withinDays)}`);
  if (when.topicCount) parts.push(`≥ ${when.topicCount.gte} topics${within(when.topicCount.withinDays)}`);
  return parts;
}

const FREQUENCY_WORDS = {
  always: '',
  once: 'once',
  once_per_session: 'once per session',
  once_per_day: 'once per day',
};

/** A rule in one line, e.g. `engagement (topic product-*, engaged ≥ 30 s) → +5 interest, once per day, half-life 30 d`. */
export function describeRule(rule: Rule): string {
  const on = rule.on === 'inactivity' ? `no visit for ${rule.inactivityDays} days` : list(rule.on);
  const when = describeConditions(rule.when);
  const sign = rule.points >= 0 ? '+' : '−';
  const effects =
    rule.points === 0 && (rule.resetBehaviour || rule.disqualify)
      ? []
      : [`${sign}${Math.abs(rule.points)} ${rule.axis}`];
  if (rule.resetBehaviour) effects.unshift('reset interest and intent');
  if (rule.disqualify) effects.push('disqualifies');
  const limits = [FREQUENCY_WORDS[rule.frequency ?? 'always']];
  if (rule.perMember) limits.push('per person');
  if (rule.everyDays !== undefined) limits.push(`at most every ${rule.everyDays} d`);
  if (rule.maxCount !== undefined) limits.push(`at most ${rule.maxCount} times`);
  if (rule.maxPoints !== undefined) limits.push(`at most ${rule.maxPoints} points`);
  if (rule.decay?.halfLifeDays !== undefined) limits.push(`half-life ${rule.decay.halfLifeDays} d`);
  if (rule.decay?.expiresAfterDays !== undefined)
    limits.push(`expires after ${rule.decay.expiresAfterDays} d`);
  const tail = limits.filter(Boolean).join(', ');
  return `${on}${when ? ` (${when})` : ''} → ${effects.join(', ')}${tail ? `, ${tail}` : ''}`;
}

function path(url: string | undefined): string {
  if (!url) return '';
  const scheme = url.indexOf('://');
  const slash = scheme >= 0 ? url.indexOf('/', scheme + 3) : 0;
  const p = slash >= 0 ? url.slice(slash) : '/';
  const q = p.search(/[?#]/);
  return q >= 0 ? p.slice(0, q) || '/' : p;
}

const topicWords = (topics: readonly string[]): string =>
  topics.length > 0 ? ` (topic ${topics.join(', ')})` : '';

/** Why a ledger line exists, from its event (or inactivity) and the page's topics. */
export function lineReason(
  rule: Rule,
  event: LeadEvent | null,
  topics: readonly string[],
  at: number,
): string {
  // A rule on the fold's counts says what was reached, then the event that reached it.
  const counts = rule.when && event !== null ? describeCounts(rule.when) : [];
  if (counts.length > 0) return `${counts.join(', ')}: ${eventReason(event, topics)}`;
  if (event === null) {
    const since = new Date(at - (rule.inactivityDays ?? 0) * 86_400_000).toISOString().slice(0, 10);
    return rule.resetBehaviour
      ? `No visit for ${rule.inactivityDays} days (since ${since}): behavioural points reset`
      : `No visit for ${rule.inactivityDays} days (since ${since})`;
  }
  return eventReason(event, topics);
}

function eventReason(event: LeadEvent | null, topics: readonly string[]): string {
  if (event === null) return '';
  switch (event.type) {
    case 'pageview':
      return `Viewed ${path(event.url)}${topicWords(topics)}`;
    case 'engagement':
      return `Engaged with ${path(event.url) || 'a page'}${topicWords(topics)}`;
    case 'download':
      return `Downloaded ${event.fileName ?? path(event.href)}`;
    case 'outbound':
      return `Followed a link to ${event.href}`;
    case 'mailto':
    case 'tel':
      return `Clicked ${event.href}`;
    case 'form':
      return `Submitted ${event.intent ? `a ${event.intent.replaceAll('_', ' ')} form` : `form ${event.formId ?? ''}`.trim()}`;
    case 'custom':
    case 'server':
      return `Event ${event.name}`;
    case 'identify':
      return `Identified as ${event.email}`;
    case 'email_open':
      return `Opened e-mail${event.campaign ? ` ${event.campaign}` : ''}`;
    case 'email_click':
      return `Clicked a link in e-mail${event.campaign ? ` ${event.campaign}` : ''}`;
    case 'sales':
      return `Sales: ${event.action}${event.reason ? ` (${event.reason})` : ''}`;
    case 'vitals':
      return 'Page performance';
  }
}

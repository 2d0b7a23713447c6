import { UNVERIFIED_IDENTITY } from '../ingest/normalize';
import type { LeadEvent, TraitSource } from '../scoring/events';

/** One line of a lead's activity timeline, in words a salesperson reads. */
export type TimelineItem = {
  id: string;
  at: number;
  type: LeadEvent['type'];
  label: string;
  url?: string;
};

/** Everything but engagement deltas and vitals (they are folded into the page visits). */
export function timelineOf(events: readonly LeadEvent[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const e of events) {
    const label = describe(e);
    if (label === null) continue;
    out.push({ id: e.id, at: e.at, type: e.type, label, ...(e.url ? { url: e.url } : {}) });
  }
  return out;
}

function describe(e: LeadEvent): string | null {
  switch (e.type) {
    case 'pageview':
      return `Viewed ${e.title ?? pathOf(e.url)}${e.topics.length ? ` (${e.topics.join(', ')})` : ''}`;
    case 'download':
      return `Downloaded ${e.fileName ?? e.href}`;
    case 'outbound':
      return `Followed a link to ${hostOf(e.href)}`;
    case 'mailto':
      return 'Clicked an e-mail address';
    case 'tel':
      return 'Clicked a phone number';
    case 'form': {
      const what = e.intent ? `a ${e.intent.replace(/_/g, ' ')} form` : `form ${e.formId ?? ''}`.trim();
      // A form's address is the form's word unless the site signed it.
      const signed = e.source && e.source !== 'form' ? ` (${SOURCE_WORDS[e.source]})` : '';
      return `Submitted ${what}${e.email ? ` as ${e.email}${signed}` : ''}`;
    }
    case 'custom':
      if (e.name === UNVERIFIED_IDENTITY && typeof e.props?.email === 'string') {
        const via = e.props.via === 'form' ? 'form' : 'page script';
        return `Claimed to be ${e.props.email} (${via}, not verified)`;
      }
      return `Did ${e.name.replace(/_/g, ' ')}`;
    case 'server':
      return `${e.name.replace(/_/g, ' ')} (server)`;
    case 'identify':
      return `Identified as ${e.email} (${SOURCE_WORDS[e.source ?? 'script']})`;
    case 'email_open':
      return `Opened an e-mail${e.campaign ? ` (${e.campaign})` : ''}`;
    case 'email_click':
      return `Clicked an e-mail link${e.campaign ? ` (${e.campaign})` : ''}`;
    case 'sales':
      return `Sales: ${e.action}${e.reason ? ` (${e.reason})` : ''}`;
    case 'engagement':
    case 'vitals':
      return null;
  }
}

/** Who vouched for an identity, in words. */
export const SOURCE_WORDS: Record<TraitSource, string> = {
  api: 'API',
  link: 'e-mail link',
  verified: 'verified identify',
  form: 'form',
  script: 'page script',
};

function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url;
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

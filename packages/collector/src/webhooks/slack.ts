import { eventWords, type Match, scoreReasons, TOP_REASONS } from './match';
import type { LeadNotification } from './notification';

/**
 * A Slack-compatible message (incoming webhooks, Block Kit): a headline such as
 * "🔥 Hot lead: Ada Lovelace (Acme)", the scores, the top reasons and a button to the lead.
 * Lead data is untrusted: in mrkdwn text `&`, `<` and `>` are escaped, as Slack asks, so a name
 * cannot smuggle in a link or an `<!channel>` mention.
 */
export type SlackMessage = { text: string; blocks: SlackBlock[] };

type Text = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'actions'; elements: { type: 'button'; text: Text; url: string }[] };

/** Slack's limits: header 150 characters, a section's text 3000, a field 2000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

/**
 * The message for one subscription: `why` is what the notification means to it (its top three
 * reasons; for a signal, the event and conditions that met it). The dashboard has the full ledger.
 */
export function slackMessage(n: LeadNotification, why?: Match): SlackMessage {
  const title = headline(n, why);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } },
    { type: 'section', fields: scoreFields(n) },
  ];
  const reasons = why?.reasons ?? scoreReasons(n).slice(0, TOP_REASONS);
  if (reasons.length > 0) {
    const lines = reasons.map((r) => `• ${escapeMrkdwn(r)}`);
    blocks.push({ type: 'section', text: mrkdwn(`*Top reasons*\n${lines.join('\n')}`, SECTION_MAX) });
  }
  const context = [n.site, n.lead.email].filter((s): s is string => Boolean(s)).map(escapeMrkdwn);
  blocks.push({ type: 'context', elements: [mrkdwn(context.join(' · '), FIELD_MAX)] });
  if (n.url && /^https?:\/\//i.test(n.url)) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open lead' }, url: n.url }],
    });
  }
  // `text` is the notification and screen-reader fallback, and is itself mrkdwn.
  return { text: truncate(`${escapeMrkdwn(title)} (score ${num(n.lead.total)})`, SECTION_MAX), blocks };
}

/** The one-line summary, e.g. "🔥 Hot lead: Ada Lovelace (Acme)". Not escaped. */
export function headline(n: LeadNotification, why?: Match): string {
  const who = `${n.lead.name || n.lead.email || 'Anonymous visitor'}${n.lead.company ? ` (${n.lead.company})` : ''}`;
  const suffix = n.test ? ' [test]' : '';
  const change = n.change;
  switch (n.kind) {
    case 'band_changed': {
      const to = change?.to ?? n.lead.band;
      const axis = change?.axis && change.axis !== 'total' ? ` on ${change.axis}` : '';
      if (change?.direction === 'down') return `📉 Cooled to ${to}${axis}: ${who}${suffix}`;
      return `${BAND_EMOJI[to] ?? '📈'} ${capitalise(to)} lead${axis}: ${who}${suffix}`;
    }
    case 'stage_changed': {
      const to = stageLabel(change?.to ?? n.lead.stage);
      return change?.direction === 'down'
        ? `↩️ Back to ${to}: ${who}${suffix}`
        : `🎯 Now ${to}: ${who}${suffix}`;
    }
    case 'identified':
      return `👋 Identified: ${who}${suffix}`;
    case 'disqualified':
      return `🚫 Disqualified: ${who}${suffix}`;
    case 'signal': {
      const event = why?.event ?? n.events?.[0];
      return `⚡ ${who}: ${event ? lowerFirst(eventWords(event)) : 'a signal'}${suffix}`;
    }
    case 'account_band_changed': {
      const to = change?.to ?? n.lead.band;
      const people = n.account
        ? ` · ${n.account.knownPeople} known, ${n.account.anonymousVisitors} anonymous`
        : '';
      const name = n.account?.name ?? n.account?.domain ?? n.lead.company ?? 'Account';
      if (change?.direction === 'down') return `📉 Account cooled to ${to}: ${name}${people}${suffix}`;
      return `${BAND_EMOJI[to] ?? '📈'} ${capitalise(to)} account: ${name}${people}${suffix}`;
    }
    case 'account_stage_changed': {
      const name = n.account?.name ?? n.account?.domain ?? n.lead.company ?? 'Account';
      return `🎯 Account now ${change?.to ?? n.lead.stage}: ${name}${suffix}`;
    }
  }
}

/** Escapes the three characters Slack's mrkdwn gives meaning to (links, mentions, entities). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const BAND_EMOJI: Record<string, string> = { hot: '🔥', warm: '🌤️', cold: '❄️' };

function scoreFields(n: LeadNotification): Text[] {
  const s = n.lead.scores;
  const fields = [
    `*Score*\n${num(n.lead.total)} · ${escapeMrkdwn(n.lead.band)}`,
    `*Stage*\n${escapeMrkdwn(stageLabel(n.lead.stage))}`,
    `*Interest*\n${num(s.interest)}`,
    `*Intent*\n${num(s.intent)}`,
    `*Fit*\n${num(s.fit)}`,
  ];
  if (n.change) {
    const c = n.change;
    fields.push(`*Change*\n${escapeMrkdwn(c.from)} → ${escapeMrkdwn(c.to)} (${c.direction}, ${c.cause})`);
  }
  return fields.map((f) => mrkdwn(f, FIELD_MAX));
}

function mrkdwn(text: string, max: number): Text {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text); // code points: never split an emoji's surrogate pair
  if (chars.length <= max) return text;
  // Never cut an escape like `&amp;` in half, or Slack shows the fragment.
  const cut = chars
    .slice(0, max - 1)
    .join('')
    .replace(/&[a-z]{0,3}$/, '');
  return `${cut}…`;
}

function stageLabel(stage: string): string {
  return stage === 'mql' || stage === 'sql' ? stage.toUpperCase() : capitalise(stage);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

import { describe, expect, it } from 'vitest';
import { jsonPayload, renderPayload } from './format';
import type { LeadNotification } from './notification';
import { escapeMrkdwn, headline, slackMessage } from './slack';

const base: LeadNotification = {
  id: 'n-1',
  kind: 'band_changed',
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  site: 'acme',
  leadId: 'lead-1',
  lead: {
    email: 'ada@acme.test',
    name: 'Ada Lovelace',
    company: 'Acme',
    scores: { interest: 25.04, intent: 20, fit: 10 },
    total: 55.04,
    band: 'hot',
    stage: 'mql',
    disqualified: false,
    anonymous: false,
  },
  change: { axis: 'total', from: 'warm', to: 'hot', direction: 'up', cause: 'event' },
  why: [
    { rule: 'video', points: 15, reason: 'Watched the instruction video' },
    { rule: 'student', points: -30, reason: 'Job title "student"' },
  ],
  url: 'https://dash.acme.test/leads/lead-1',
};

describe('JSON payload', () => {
  it('wraps the notification in a versioned envelope', () => {
    const { id, kind, at, ...data } = base;
    expect(jsonPayload(base)).toEqual({
      type: 'lead.band_changed',
      version: 1,
      id,
      createdAt: '2026-01-02T03:04:05.000Z',
      data: { ...data, reasons: ['+15 Watched the instruction video', '−30 Job title "student"'] },
    });
    expect(JSON.parse(renderPayload({ ...base, test: true }, 'json'))).toMatchObject({ test: true });
  });
});

describe('Slack message', () => {
  it('leads with who and what, e.g. "🔥 Hot lead: Ada Lovelace (Acme)"', () => {
    expect(headline(base)).toBe('🔥 Hot lead: Ada Lovelace (Acme)');
    const down = { ...base, change: { from: 'hot', to: 'warm', direction: 'down', cause: 'decay' } } as const;
    expect(headline(down)).toBe('📉 Cooled to warm: Ada Lovelace (Acme)');
    const intent = { ...base, change: { ...base.change, axis: 'intent', to: 'hot' } } as LeadNotification;
    expect(headline(intent)).toBe('🔥 Hot lead on intent: Ada Lovelace (Acme)');
    const stage: LeadNotification = {
      ...base,
      kind: 'stage_changed',
      change: { from: 'mql', to: 'sql', direction: 'up', cause: 'sales' },
    };
    expect(headline(stage)).toBe('🎯 Now SQL: Ada Lovelace (Acme)');
    expect(headline({ ...base, kind: 'identified', lead: { ...base.lead, name: '', company: '' } })).toBe(
      '👋 Identified: ada@acme.test',
    );
    expect(
      headline({ ...base, kind: 'disqualified', lead: { ...base.lead, email: undefined, name: undefined } }),
    ).toBe('🚫 Disqualified: Anonymous visitor (Acme)');
    expect(headline({ ...base, test: true })).toBe('🔥 Hot lead: Ada Lovelace (Acme) [test]');
  });

  it('shows the scores, the top reasons and a link', () => {
    const m = slackMessage(base);
    expect(m.text).toBe('🔥 Hot lead: Ada Lovelace (Acme) (score 55)');
    expect(m.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: '🔥 Hot lead: Ada Lovelace (Acme)', emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Score*\n55 · hot' },
          { type: 'mrkdwn', text: '*Stage*\nMQL' },
          { type: 'mrkdwn', text: '*Interest*\n25' },
          { type: 'mrkdwn', text: '*Intent*\n20' },
          { type: 'mrkdwn', text: '*Fit*\n10' },
          { type: 'mrkdwn', text: '*Change*\nwarm → hot (up, event)' },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Top reasons*\n• +15 Watched the instruction video\n• −30 Job title "student"',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'acme · ada@acme.test' }] },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open lead' },
            url: 'https://dash.acme.test/leads/lead-1',
          },
        ],
      },
    ]);
  });

  it('escapes lead data for mrkdwn and keeps within Slack limits', () => {
    expect(escapeMrkdwn('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
    const hostile: LeadNotification = {
      ...base,
      lead: { ...base.lead, name: `<@U123> ${'🔥'.repeat(200)}`, email: 'a&b@<x>.test' },
      why: [{ rule: '<r>', points: 1, reason: '<!here>' }],
      url: 'javascript:alert(1)',
    };
    const m = slackMessage(hostile);
    const header = m.blocks[0];
    expect(header?.type).toBe('header');
    if (header?.type === 'header') expect(Array.from(header.text.text).length).toBeLessThanOrEqual(150);
    expect(m.text).toMatch(/^🔥 Hot lead: &lt;@U123&gt; /);
    const mrkdwn = JSON.stringify(m.blocks.slice(1));
    expect(mrkdwn).not.toMatch(/<[!@]/);
    expect(mrkdwn).toContain('a&amp;b@&lt;x&gt;.test');
    // A link that is not http(s) gets no button.
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('a signal alert', () => {
  const signal: LeadNotification = {
    ...base,
    id: 'n-2',
    kind: 'signal',
    lead: { ...base.lead, companyPeople: 3 },
    events: [
      {
        id: 'e-1',
        type: 'pageview',
        at: base.at,
        topics: ['blog'],
        url: 'https://acme.test/blog/x',
        title: 'X',
      },
      {
        id: 'e-2',
        type: 'pageview',
        at: base.at,
        topics: ['pricing'],
        url: 'https://acme.test/pricing',
        title: 'Pricing',
      },
    ],
  };
  const why = {
    event: signal.events?.[1] as NonNullable<LeadNotification['events']>[number],
    matched: ['Read "Pricing" (/pricing, topic pricing)', '3 people from Acme among your leads'],
    reasons: [
      'Read "Pricing" (/pricing, topic pricing)',
      '3 people from Acme among your leads',
      '+15 Watched the instruction video',
    ],
  };

  it('states the event that met the conditions and the top three reasons, in JSON', () => {
    const json = JSON.parse(renderPayload(signal, 'json', why)) as ReturnType<typeof jsonPayload>;
    expect(json.type).toBe('lead.signal');
    expect(json.data.signal).toEqual({ event: why.event, matched: why.matched });
    expect(json.data.reasons).toEqual(why.reasons);
    // The candidate events are the subscription's business, not the receiver's.
    expect(json.data).not.toHaveProperty('events');
  });

  it('and in Slack', () => {
    const m = slackMessage(signal, why);
    expect(m.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: '⚡ Ada Lovelace (Acme): read "Pricing" (/pricing, topic pricing)',
        emoji: true,
      },
    });
    expect(m.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*Top reasons*\n• Read "Pricing" (/pricing, topic pricing)\n• 3 people from Acme among your leads\n• +15 Watched the instruction video',
      },
    });
  });
});

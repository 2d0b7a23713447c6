import { describe, expect, it } from 'vitest';
import { wholePaging } from '../../durable/detail';
import type { LeadDetail } from '../../durable/lead-object';
import type { ScoreResult } from '../../scoring/result';
import { Profile } from './profile';

const NOW = Date.UTC(2026, 10, 30, 12);
const MIN = 60_000;

function detail(profile: ScoreResult['profile']): LeadDetail {
  const d: Omit<LeadDetail, 'paging'> = {
    id: 'a'.repeat(64),
    site: 'acme',
    kind: 'lead',
    result: {
      modelVersion: 'v0',
      asOf: NOW,
      scores: { interest: 0, intent: 0, fit: 0 },
      total: 0,
      band: 'cold',
      bands: { total: 'cold' },
      stage: 'known',
      disqualified: false,
      ledger: [],
      transitions: [],
      profile,
      eventCount: 1,
      anonymousPoints: 0,
    },
    owner: null,
    source: { landingPage: null, landedAt: null, firstReferrer: null, utm: null },
    sessions: [],
    deal: null,
    pages: [],
    timeline: [],
    merges: [],
    history: [],
    dropped: [],
    compacted: null,
    nextChangeAt: null,
  };
  return { ...d, paging: wholePaging(d) };
}

/** The definition list as `term: text` lines, tags dropped. */
function rows(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)) {
    out.push(
      `${m[1]}: ${(m[2] ?? '')
        .replace(/<[^>]+>/g, '|')
        .replace(/\|+/g, '|')
        .replace(/^\||\|$/g, '')}`,
    );
  }
  return out;
}

describe('the lead page profile', () => {
  it('shows each value with who vouched for it and when', () => {
    const html = String(
      Profile({
        detail: detail({
          email: 'ada@bigcorp.example',
          emailDomain: 'bigcorp.example',
          domainCategory: 'business',
          country: 'GB',
          traits: {
            name: 'Ada Lovelace',
            company: 'Big Corp',
            title: 'CFO',
            phone: '+44 20 7946 0000',
            country: 'GB',
          },
          sources: {
            email: { source: 'api', at: NOW - 3 * MIN, eventId: 'e1' },
            name: { source: 'api', at: NOW - 3 * MIN, eventId: 'e1' },
            company: { source: 'verified', at: NOW - 2 * 3600_000, eventId: 'e2' },
            title: { source: 'form', at: NOW - 5 * MIN, eventId: 'e3' },
            phone: { source: 'script', at: NOW - 2 * 86_400_000, eventId: 'e4' },
            country: { source: 'verified', at: NOW - 2 * 3600_000, eventId: 'e2' },
          },
        }),
        now: NOW,
      }),
    );
    expect(rows(html)).toEqual(
      expect.arrayContaining([
        'Name: Ada Lovelace|via API · |3 min ago',
        'E-mail: ada@bigcorp.example|via API · |3 min ago',
        'Company: Big Corp|via verified identify · |2 h ago',
        'title: CFO|via form · |5 min ago',
        'phone: +44 20 7946 0000|via page script · |2 d ago',
        'Country: GB|via verified identify · |2 h ago',
      ]),
    );
    // Name, company and country have their own rows: not listed again among the other traits.
    expect(html.match(/<dt>country<\/dt>/gi)).toHaveLength(1);
    expect(html).toContain(`datetime="${new Date(NOW - 5 * MIN).toISOString()}"`);
  });

  it('shows values without origins when the result carries none, and a network company as such', () => {
    const html = String(
      Profile({
        detail: detail({
          email: 'bo@x.example',
          traits: { title: 'CTO' },
          company: 'Initech',
          country: 'NL',
        }),
        now: NOW,
      }),
    );
    expect(rows(html)).toEqual(
      expect.arrayContaining([
        'E-mail: bo@x.example',
        'title: CTO',
        'Company: Initech|from its network',
        'Country: NL|from its network',
      ]),
    );
    expect(html).not.toContain('via ');
  });
});

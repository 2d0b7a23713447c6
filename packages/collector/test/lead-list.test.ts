import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers';

type Item = {
  id: string;
  total: number;
  band: string;
  stage: string;
  company: string | null;
  topics: string[];
  scores: { interest: number; intent: number; fit: number };
};
type ListBody = { leads: Item[]; nextCursor: string | null };

const N = 1200;
const BANDS = ['cold', 'warm', 'hot'];
const STAGES = ['visitor', 'known', 'mql', 'sql'];

// Seeds the index directly: these tests are about the list query, not about scoring.
beforeAll(async () => {
  const stmts = [];
  for (let i = 0; i < N; i++) {
    const id = `d${i.toString(16).padStart(63, '0')}`;
    const total = (i * 37) % 101;
    stmts.push(
      env.DB.prepare(
        `INSERT INTO leads (id, site, stage, band, interest, intent, fit, total, email, name, company, pageviews, topics,
          first_seen, last_seen, updated_at, rev) VALUES (?1, 'acme', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?12, ?13, ?14, 1)`,
      ).bind(
        id,
        STAGES[i % 4],
        BANDS[total > 50 ? 2 : total > 25 ? 1 : 0],
        total / 2,
        total / 4,
        total / 4,
        total,
        i % 3 === 0 ? `person${i}@firm${i % 7}.example` : null,
        i % 5 === 0 ? `Person ${i}` : null,
        i % 7 === 0 ? `Firm ${i % 11} GmbH` : null,
        JSON.stringify(i % 2 ? ['pricing'] : ['product-x', 'blog']),
        1_700_000_000_000 + i,
        1_700_000_000_000 + i * 1000,
        1_700_000_000_000 + i * 10,
      ),
    );
  }
  await env.DB.batch(stmts);
});

async function all(query: string): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await api(`/api/leads?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    out.push(...body.leads);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

describe('lead list over 1,200 leads', () => {
  it('pages through every lead exactly once, sorted by total', async () => {
    const leads = await all('sort=total');
    expect(leads).toHaveLength(N);
    expect(new Set(leads.map((l) => l.id)).size).toBe(N);
    for (let i = 1; i < leads.length; i++) {
      const [a, b] = [leads[i - 1], leads[i]];
      expect(a && b && (a.total > b.total || (a.total === b.total && a.id < b.id))).toBe(true);
    }
  });

  it('sorts ascending by another axis', async () => {
    const leads = await all('sort=fit&order=asc');
    const fits = leads.map((l) => l.scores.fit);
    expect(fits).toEqual([...fits].sort((a, b) => a - b));
  });

  it('filters by band, stage, score range, company, topic and text', async () => {
    const hotMql = await all('band=hot&stage=mql');
    expect(hotMql.length).toBeGreaterThan(0);
    expect(hotMql.every((l) => l.band === 'hot' && l.stage === 'mql')).toBe(true);

    const range = await all('min_total=40&max_total=60&min_intent=11');
    expect(range.length).toBeGreaterThan(0);
    expect(range.every((l) => l.total >= 44 && l.total <= 60)).toBe(true);

    const firm = await all('company=firm%203');
    expect(firm.length).toBeGreaterThan(0);
    expect(firm.every((l) => l.company === 'Firm 3 GmbH')).toBe(true);

    const blog = await all('topic=blog');
    expect(blog).toHaveLength(N / 2);
    expect(blog.every((l) => l.topics.includes('blog'))).toBe(true);

    const text = await all('q=person12');
    expect(text.length).toBeGreaterThan(0);
    const literal = await all('q=%25');
    expect(literal).toHaveLength(0);
  });

  it('filters by update time', async () => {
    const recent = await all(`updated_since=${1_700_000_000_000 + 10 * (N - 10)}`);
    expect(recent).toHaveLength(10);
    const iso = await all(`updated_since=${new Date(1_700_000_000_000 + 10 * (N - 10)).toISOString()}`);
    expect(iso).toHaveLength(10);
  });

  it('exports the filtered list as CSV, safe for spreadsheets', async () => {
    await env.DB.prepare(
      `INSERT INTO leads (id, site, stage, band, total, name, company, topics, updated_at, rev)
       VALUES (?1, 'acme', 'known', 'hot', 99, '=HYPERLINK("http://evil")', 'Comma, Inc', '[]', 1, 1)`,
    )
      .bind('f'.repeat(64))
      .run();
    const res = await api('/api/leads/export.csv?min_total=99');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,email,name,company,country,stage,band,total,interest,intent,fit,disqualified,pageviews,topics,first_seen,last_seen',
    );
    const evil = lines.find((l) => l.startsWith('f'.repeat(64)));
    expect(evil).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(evil).toContain('"Comma, Inc"');
  });

  it('refuses malformed parameters and foreign cursors', async () => {
    for (const q of [
      'sort=email',
      'band=HOT',
      'min_total=abc',
      'limit=0',
      'limit=201',
      'updated_since=yesterday',
      'x=1',
    ]) {
      const res = await api(`/api/leads?${q}`);
      expect(res.status, q).toBe(400);
    }
    const first = (await (await api('/api/leads?sort=total&limit=5')).json()) as ListBody;
    const res = await api(`/api/leads?sort=fit&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/cursor/);
  });
});

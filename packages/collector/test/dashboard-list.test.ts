import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dash, decodeEntities, elements, texts } from './dashboard-helpers';

const N = 1000;
const totals = new Map<string, number>();
const bands = new Map<string, string>();

// Seeds the D1 index directly (as test/lead-list.test.ts does): these tests are about the list
// page over many leads, not about scoring. Totals are distinct: 37 and 1000 are coprime.
beforeAll(async () => {
  const now = Date.now();
  const stmts = [];
  for (let i = 0; i < N; i++) {
    const id = `e${i.toString(16).padStart(63, '0')}`;
    const total = ((i * 37) % N) / 10;
    const band = total >= 51 ? 'hot' : total >= 26 ? 'warm' : 'cold';
    totals.set(id, total);
    bands.set(id, band);
    stmts.push(
      env.DB.prepare(
        `INSERT INTO leads (id, site, stage, band, interest, intent, fit, total, email, name, company, pageviews, topics,
          first_seen, last_seen, updated_at, rev) VALUES (?1, 'acme', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, '[]', ?11, ?12, ?12, 1)`,
      ).bind(
        id,
        band === 'hot' ? 'mql' : 'known',
        band,
        total / 2,
        total / 4,
        total / 4,
        total,
        `lead${i}@firm${i % 40}.example`,
        `Lead ${i}`,
        `Firm ${i % 40}`,
        now - 86_400_000 - i,
        now - i * 60_000,
      ),
    );
  }
  await env.DB.batch(stmts);
});

/** The lead ids of a list page in row order, and the link to the next page. */
async function listPage(path: string) {
  const res = await dash(path);
  expect(res.status).toBe(200);
  const html = await res.text();
  const ids = (await elements(html, 'tbody th a')).map(
    (a) => a.attrs.href?.replace('/dashboard/leads/', '') ?? '',
  );
  const [next] = await elements(html, 'a[rel="next"]');
  return { html, ids, next: next?.attrs.href ? decodeEntities(next.attrs.href) : undefined };
}

describe('the leads page over 1,000 leads', () => {
  it('shows the hottest leads first, 50 to a page', async () => {
    const { html, ids, next } = await listPage('/dashboard');
    expect(ids).toHaveLength(50);
    expect(totals.get(ids[0] ?? '')).toBe(99.9);
    expect(ids.map((id) => totals.get(id))).toEqual([...totals.values()].sort((a, b) => b - a).slice(0, 50));
    expect(next).toMatch(/^\/dashboard\?cursor=/);
    expect((await texts(html, 'tbody tr:first-child td:nth-child(5)'))[0]?.trim()).toBe('99.9');
    expect(await texts(html, 'tbody tr:first-child .badge')).toEqual(['hot', 'mql']);
    expect(await elements(html, 'tbody tr:first-child time[datetime]')).toHaveLength(1);
  });

  it('pages through every lead exactly once by its cursor links', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/dashboard?limit=200';
    let pages = 0;
    while (path) {
      const page = await listPage(path);
      seen.push(...page.ids);
      if (pages > 0) expect(await texts(page.html, 'nav.pager a')).toContain('First page');
      path = page.next;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    const shown = seen.map((id) => totals.get(id) ?? Number.NaN);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  });

  it('keeps the filters on every page', async () => {
    const hot = [...bands.values()].filter((b) => b === 'hot').length;
    const seen: string[] = [];
    let path: string | undefined = '/dashboard?band=hot&limit=100&company=';
    while (path) {
      const page = await listPage(path);
      expect(await texts(page.html, 'tbody td:nth-child(3) .badge')).toEqual(page.ids.map(() => 'hot'));
      seen.push(...page.ids);
      if (page.next) expect(page.next).toMatch(/[?&]band=hot(&|$)/);
      path = page.next;
    }
    expect(seen).toHaveLength(hot);
  });

  it('sorts by another column when asked', async () => {
    const { ids } = await listPage('/dashboard?sort=last_seen');
    expect(ids[0]).toBe(`e${'0'.repeat(63)}`);
  });

  it('sums the leads up per company', async () => {
    const html = await (await dash('/dashboard/companies')).text();
    // The companies by name (the accounts table above them lists business domains).
    const rows = await texts(html, 'table.companies tbody th a');
    expect(rows).toHaveLength(40);
    expect(new Set(rows).size).toBe(40);
    // 25 leads per firm, all with an e-mail address.
    for (const known of await texts(html, 'table.companies tbody td:nth-child(2)')) expect(known).toBe('25');
  });
});

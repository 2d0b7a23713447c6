import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dash, elements } from './dashboard-helpers';
import { api, beacon, pageview, send, uid } from './helpers';

type Item = { id: string; band: string; total: number; disqualified: boolean; email: string | null };
type ListBody = { leads: Item[]; nextCursor: string | null };

const RANK: Record<string, number> = { cold: 0, warm: 1, hot: 2 };
const N = 300;

// Rows whose band and total disagree the ways real leads do (a band held by hysteresis, a
// disqualified lead capped at warm), seeded on their own site so that the scored leads below stay apart.
beforeAll(async () => {
  const stmts = [];
  for (let i = 0; i < N; i++) {
    const band = ['cold', 'warm', 'hot'][(i * 7) % 3] as string;
    const total = ((i * 37) % 120) - 10;
    stmts.push(
      env.DB.prepare(
        `INSERT INTO leads (id, site, stage, band, total, disqualified, topics, updated_at, rev)
         VALUES (?1, 'seeded', 'known', ?2, ?3, ?4, '[]', 1, 1)`,
      ).bind(`a${i.toString(16).padStart(63, '0')}`, band, total, i % 5 === 0 ? 1 : 0),
    );
  }
  await env.DB.batch(stmts);
});

async function all(query: string, limit = 7): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await api(`/api/leads?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    out.push(...body.leads);
    cursor = body.nextCursor;
  } while (cursor);
  return out;
}

function identify(email: string, traits: Record<string, string>, ts: number) {
  return { i: uid('ev'), n: 'id', ts, u: 'https://acme.test/demo', em: email, tr: traits };
}

const custom = (name: string, ts: number) => ({
  i: uid('ev'),
  n: 'ev',
  ts,
  u: 'https://acme.test/',
  nm: name,
});
const form = (intent: string, ts: number) => ({
  i: uid('ev'),
  n: 'fm',
  ts,
  u: 'https://acme.test/demo',
  in: intent,
});

describe('hottest first, the default order of the lead list', () => {
  it('pages through every lead once: hot before warm before cold, then by total', async () => {
    const leads = await all('site=seeded');
    expect(leads).toHaveLength(N);
    expect(new Set(leads.map((l) => l.id)).size).toBe(N);
    for (let i = 1; i < leads.length; i++) {
      const [a, b] = [leads[i - 1] as Item, leads[i] as Item];
      const before =
        (RANK[a.band] as number) > (RANK[b.band] as number) ||
        (a.band === b.band && (a.total > b.total || (a.total === b.total && a.id < b.id)));
      expect(before, `${a.band} ${a.total} before ${b.band} ${b.total}`).toBe(true);
    }
    // Ascending is the exact reverse order of bands and totals.
    const asc = await all('site=seeded&sort=hottest&order=asc', 11);
    expect(asc.map((l) => `${l.band}${l.total}`)).toEqual(leads.map((l) => `${l.band}${l.total}`).reverse());
  });

  it('a disqualified lead with more points never tops a hot lead, in the API and the dashboard', async () => {
    const now = Date.now();
    // A student who did everything: 125 behavioural points, disqualified, shown warm.
    const student = `${uid('s')}@gmail.com`.toLowerCase();
    await send(
      beacon(uid('v'), [
        pageview('https://acme.test/pricing', [], { ts: now - 60_000 }),
        custom('product_check_completed', now - 50_000),
        custom('video_watched', now - 40_000),
        form('contact', now - 30_000),
        form('demo_request', now - 20_000),
        form('trial', now - 15_000),
        identify(student, { title: 'Student' }, now - 10_000),
      ]),
    );
    // A CFO with fewer points, hot.
    const buyer = `${uid('b')}@customer.example`.toLowerCase();
    await send(
      beacon(uid('v'), [
        pageview('https://acme.test/pricing', [], { ts: now - 60_000 }),
        form('demo_request', now - 20_000),
        identify(buyer, { title: 'CFO' }, now - 10_000),
      ]),
    );
    const { leads } = (await (await api('/api/leads?site=acme&limit=200')).json()) as ListBody;
    const s = leads.findIndex((l) => l.email === student);
    const b = leads.findIndex((l) => l.email === buyer);
    expect(leads[s]).toMatchObject({ band: 'warm', disqualified: true });
    expect(leads[b]).toMatchObject({ band: 'hot', disqualified: false });
    expect((leads[s] as Item).total).toBeGreaterThan((leads[b] as Item).total);
    expect(b).toBeLessThan(s);
    // Sorted by the total alone, the student comes first: that is what "hottest" prevents.
    const byTotal = (await (await api('/api/leads?site=acme&sort=total&limit=200')).json()) as ListBody;
    expect(byTotal.leads.findIndex((l) => l.email === student)).toBeLessThan(
      byTotal.leads.findIndex((l) => l.email === buyer),
    );

    const html = await (await dash('/dashboard?limit=200')).text();
    const names = (await elements(html, 'a.lead-name')).map((a) => a.text);
    expect(names.indexOf(buyer)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(buyer)).toBeLessThan(names.indexOf(student));
    const selected = await elements(html, '#f-sort option[selected]');
    expect(selected.map((o) => o.attrs.value)).toEqual(['hottest']);
  });
});

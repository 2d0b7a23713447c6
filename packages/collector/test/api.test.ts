import { describe, expect, it } from 'vitest';
import { api, beacon, pageview, send, uid } from './helpers';

type ListBody = {
  leads: { id: string; total: number; band: string; pageviews: number }[];
  nextCursor: string | null;
};

describe('/api/leads', () => {
  it('refuses requests without a token (401) or with a wrong one', async () => {
    const none = await api('/api/leads', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await api('/api/leads', { token: 'nope' })).status).toBe(401);
    expect((await api('/api/leads/0000', { token: null })).status).toBe(401);
  });

  it('lists leads by score with band filter and cursor pagination', async () => {
    // Five visitors with growing intent: nothing, a product page, + pricing, + product check, + video.
    for (let i = 0; i < 5; i++) {
      const t = Date.now() - 10_000;
      const events: unknown[] = [pageview('https://acme.test/', [], { ts: t })];
      if (i >= 1) events.push(pageview('https://acme.test/products/flow', ['product-flow'], { ts: t + 1 }));
      if (i >= 2) events.push(pageview('https://acme.test/pricing', ['pricing'], { ts: t + 2 }));
      if (i >= 3)
        events.push({
          i: uid('ev'),
          n: 'ev',
          ts: t + 3,
          u: 'https://acme.test/check',
          nm: 'product_check_completed',
        });
      if (i >= 4)
        events.push({ i: uid('ev'), n: 'ev', ts: t + 4, u: 'https://acme.test/video', nm: 'video_watched' });
      await send(beacon(uid('v'), events));
    }
    const all = (await (await api('/api/leads?limit=200')).json()) as ListBody;
    const totals = all.leads.map((l) => l.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/api/leads?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = (await res.json()) as ListBody;
      expect(page.leads.length).toBeLessThanOrEqual(2);
      seen.push(...page.leads.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.leads.map((l) => l.id));

    const warm = (await (await api('/api/leads?band=warm')).json()) as ListBody;
    expect(warm.leads.length).toBeGreaterThan(0);
    expect(warm.leads.every((l) => l.band === 'warm')).toBe(true);
  });

  it('rejects bad query parameters with a clear message', async () => {
    const res = await api('/api/leads?limit=9999');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/limit/);
    expect((await api('/api/leads?cursor=garbage')).status).toBe(400);
    expect((await api('/api/leads?sort=1')).status).toBe(400);
  });

  it('shows a lead with its pages, topics and points', async () => {
    const visitor = uid('v');
    await send(
      beacon(visitor, [
        pageview('https://acme.test/product/x', ['product-x'], { ts: Date.now() - 2000 }),
        pageview('https://acme.test/pricing?from=detail-test', ['pricing'], { ts: Date.now() - 1000 }),
      ]),
    );
    const { leads } = (await (await api('/api/leads?limit=200')).json()) as ListBody;
    const candidates = await Promise.all(
      leads.map(
        async (l) =>
          (await (await api(`/api/leads/${l.id}`)).json()) as {
            pages: { url: string; topics: string[]; points: number }[];
            total: number;
            band: string;
          },
      ),
    );
    const detail = candidates.find((d) =>
      d.pages.some((p) => p.url === 'https://acme.test/pricing?from=detail-test'),
    );
    // Markup topics, plus what the model maps the URL to (/product/* is `product`).
    expect(detail?.pages.map((p) => p.topics)).toEqual([['product-x', 'product'], ['pricing']]);
    expect(detail?.pages.every((p) => p.points > 0)).toBe(true);
    expect(detail?.total).toBe(detail?.pages.reduce((s, p) => s + p.points, 0));
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await api('/api/leads/not-an-id')).status).toBe(400);
    expect((await api(`/api/leads/${'a'.repeat(64)}`)).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { dash, texts } from './dashboard-helpers';
import { api, beacon, pageview, send, uid } from './helpers';

type Detail = {
  id: string;
  pages: { url: string; topics: string[] }[];
  ledger: { ruleId: string; reason: string }[];
};

describe('topics the model maps from URLs count everywhere', () => {
  it('a page view of /costs.html without markup is a pricing page: ledger, pages, index, filters, dashboard, CSV', async () => {
    const visitor = uid('v');
    // No lb:topic markup: the default model maps /costs* to the topic `pricing`.
    const res = await send(beacon(visitor, [pageview('https://acme.test/costs.html', [])]));
    expect(res.status).toBe(204);

    const list = (await (await api('/api/leads?topic=pricing&limit=200')).json()) as {
      leads: { id: string; topics: string[] }[];
    };
    const row = list.leads.find((l) => l.topics.includes('pricing'));
    expect(row).toBeDefined();
    const id = row?.id as string;

    const detail = (await (await api(`/api/leads/${id}`)).json()) as Detail;
    expect(detail.pages.map((p) => [new URL(p.url).pathname, p.topics])).toEqual([
      ['/costs.html', ['pricing']],
    ]);
    expect(detail.ledger.find((l) => l.ruleId === 'pricing-page')?.reason).toBe(
      'Viewed /costs.html (topic pricing)',
    );

    const csv = await (await api('/api/leads/export.csv?topic=pricing')).text();
    const line = csv.split('\r\n').find((l) => l.startsWith(id));
    expect(line?.split(',')).toContain('pricing');

    const page = await (await dash('/dashboard?topic=pricing&limit=200')).text();
    expect(await texts(page, `a[href="/dashboard/leads/${id}"]`)).toHaveLength(1);
    const lead = await (await dash(`/dashboard/leads/${id}`)).text();
    expect(await texts(lead, 'section[aria-labelledby="timeline"] .tag')).toContain('pricing');

    // And a topic it does not have does not list it.
    const other = (await (await api('/api/leads?topic=careers&limit=200')).json()) as {
      leads: { id: string }[];
    };
    expect(other.leads.map((l) => l.id)).not.toContain(id);
  });
});

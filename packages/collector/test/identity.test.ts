import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api, beacon, pageview, send, uid } from './helpers';

type Detail = {
  id: string;
  kind: string;
  stage: string;
  profile: { email?: string };
  pages: { url: string; anonymous: boolean; points: number }[];
  timeline: { id: string; type: string }[];
  merges: { visitor: string }[];
  ledger: { eventId: string; anonymous: boolean; value: number }[];
};

function identify(email: string, ts = Date.now()) {
  return { i: uid('ev'), n: 'id', ts, u: 'https://acme.test/demo', em: email, tr: { name: 'Ada' } };
}

async function leadsWithEmail(email: string) {
  const { results } = await env.DB.prepare('SELECT id FROM leads WHERE email = ?1 AND merged_into IS NULL')
    .bind(email)
    .all<{ id: string }>();
  return results;
}

async function detail(id: string): Promise<Detail> {
  const res = await api(`/api/leads/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Detail;
}

describe('identification', () => {
  it('turns an anonymous visitor into a known lead and scores its earlier pages', async () => {
    const visitor = uid('v');
    const t0 = Date.now() - 60_000;
    await send(beacon(visitor, [pageview('https://acme.test/product/x', ['product-x'], { ts: t0 })]));
    await send(beacon(visitor, [pageview('https://acme.test/pricing', ['pricing'], { ts: t0 + 1000 })]));
    const anonymousRow = await env.DB.prepare(
      "SELECT id FROM leads WHERE email IS NULL AND topics LIKE '%product-x%'",
    ).first<{ id: string }>();
    expect(anonymousRow).not.toBeNull();

    // Half a minute later: an identity counts as known a few seconds early, not more.
    await send(beacon(visitor, [identify('Ada@Example.com ', t0 + 30_000)]));
    const rows = await leadsWithEmail('ada@example.com');
    expect(rows).toHaveLength(1);
    const lead = await detail(rows[0]?.id ?? '');
    expect(lead.kind).toBe('lead');
    expect(lead.stage).toBe('known');
    expect(lead.pages.map((p) => [new URL(p.url).pathname, p.anonymous])).toEqual([
      ['/product/x', true],
      ['/pricing', true],
    ]);
    expect(lead.pages.every((p) => p.points > 0)).toBe(true);
    expect(lead.merges).toHaveLength(1);

    // The old anonymous id now answers with the lead it became, and lists no longer show it.
    const old = await detail(anonymousRow?.id ?? '');
    expect(old.id).toBe(lead.id);
    const { leads } = (await (await api('/api/leads?limit=200')).json()) as { leads: { id: string }[] };
    expect(leads.map((l) => l.id)).not.toContain(anonymousRow?.id);

    // Later events of the same browser keep arriving at the lead.
    await send(beacon(visitor, [pageview('https://acme.test/blog', ['automation'])]));
    const after = await detail(lead.id);
    expect(after.pages).toHaveLength(3);
    expect(after.pages[2]?.anonymous).toBe(false);
  });

  it('merges two devices that identify as the same person at the same moment: one lead, events once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 1 }),
        async (owners, resend, firstToIdentify) => {
          const email = `${uid('p')}@example.com`.toLowerCase();
          const devices = [uid('v'), uid('v')] as const;
          const base = Date.now() - 100_000;
          // Anonymous browsing on both devices, in a random split, some batches sent twice (retries).
          const sends: Promise<Response>[] = [];
          const expected = new Set<string>();
          owners.forEach((owner, i) => {
            const pv = pageview(`https://acme.test/page-${i}`, [`t${i}`], { ts: base + i * 10 });
            expected.add(pv.i);
            const device = devices[owner] ?? devices[0];
            sends.push(send(beacon(device, [pv])));
            if (resend[i]) sends.push(send(beacon(device, [pv])));
          });
          await Promise.all(sends);
          // Both identify concurrently, in either order.
          const ids = [identify(email, base + 50_000), identify(email, base + 50_001)];
          for (const id of ids) expected.add(id.i);
          const order = firstToIdentify === 0 ? [0, 1] : [1, 0];
          await Promise.all(order.map((d) => send(beacon(devices[d] ?? devices[0], [ids[d]]))));

          const rows = await leadsWithEmail(email);
          expect(rows).toHaveLength(1);
          const lead = await detail(rows[0]?.id ?? '');
          const seen = lead.timeline.map((t) => t.id);
          expect(new Set(seen).size).toBe(seen.length);
          expect(new Set(seen)).toEqual(expected);
          expect(lead.pages.every((p) => p.anonymous)).toBe(true);
          const pageLines = lead.ledger.filter((l) => expected.has(l.eventId));
          expect(new Set(pageLines.map((l) => l.eventId)).size).toBe(pageLines.length);
          // Neither device's anonymous row is listed any more: both point at the lead.
          const { results } = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads WHERE merged_into = ?1')
            .bind(lead.id)
            .all<{ n: number }>();
          expect(results[0]?.n).toBe(devices.length);
        },
      ),
      { numRuns: 12 },
    );
    // Twelve runs of a dozen requests each: seconds on a busy machine.
  }, 30_000);

  it('identifies from the server API and merges a given browser', async () => {
    const visitor = uid('v');
    await send(beacon(visitor, [pageview('https://acme.test/insight', ['product-insight'])]));
    const res = await api('/api/identify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: 'acme',
        email: 'Grace@Example.org',
        traits: { company: 'Navy' },
        visitorId: visitor,
      }),
    });
    expect(res.status).toBe(200);
    const { leadId } = (await res.json()) as { leadId: string };
    const lead = await detail(leadId);
    expect(lead.profile.email).toBe('grace@example.org');
    expect(lead.pages).toHaveLength(1);
  });

  it('refuses bad identify calls without changing anything', async () => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads').first<{ n: number }>();
    const post = (body: unknown, token?: string | null) =>
      api('/api/identify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...(token !== undefined ? { token } : {}),
      });
    expect((await post({ site: 'acme', email: 'x@example.com' }, null)).status).toBe(401);
    expect((await post('{')).status).toBe(400);
    const bad = await post({ site: 'acme', email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^email:/);
    expect((await post({ site: 'nope', email: 'x@example.com' })).status).toBe(400);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM leads').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe('plus-addressing as a model option', () => {
  it('keeps ada+news@ apart by default, and folds it into ada@ once the model strips tags', async () => {
    const post = (email: string) =>
      api('/api/identify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ site: 'acme', email }),
      }).then(async (r) => ((await r.json()) as { leadId: string }).leadId);
    const base = uid('plus').toLowerCase();
    expect(await post(`${base}+news@example.com`)).not.toBe(await post(`${base}@example.com`));

    const { active } = (await (await api('/api/model')).json()) as {
      active: { model: Record<string, unknown> };
    };
    const created = await api('/api/model', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...active.model, plusAddressing: 'strip' }),
    });
    const { version } = (await created.json()) as { version: number };
    expect((await api(`/api/model/versions/${version}/publish`, { method: 'POST' })).status).toBe(202);

    const other = uid('plus').toLowerCase();
    expect(await post(`${other}+webinar@example.com`)).toBe(await post(`${other}@example.com`));
  });
});

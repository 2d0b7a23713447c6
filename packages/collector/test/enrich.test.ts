import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, beacon, drained, pageview, uid } from './helpers';

type Detail = { profile: { company?: string }; timeline: { id: string }[] };

/** Sends one page view with the given `cf` properties, as Cloudflare's edge would attach them. */
async function visitFrom(cf: Record<string, unknown>, tag: string) {
  const { exports } = await import('cloudflare:workers');
  const visitor = uid('v');
  const body = beacon(visitor, [pageview(`https://acme.test/${tag}`, [tag])]);
  const req = new Request('http://collector.test/e', {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      origin: 'http://127.0.0.1:8080',
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0.0.0 Safari/537.36',
      'cf-connecting-ip': '203.0.113.77',
    },
    body: JSON.stringify(body),
    cf,
  } as RequestInit);
  expect((await exports.default.fetch(req)).status).toBe(204);
  await drained();
  const row = await env.DB.prepare('SELECT id, company, country FROM leads WHERE topics LIKE ?1')
    .bind(`%"${tag}"%`)
    .first<{ id: string; company: string | null; country: string | null }>();
  expect(row).not.toBeNull();
  return row as { id: string; company: string | null; country: string | null };
}

describe('companies at the edge (request.cf)', () => {
  const cases: [string, Record<string, unknown>, string | null][] = [
    [
      'corporate',
      { asn: 64999, asOrganization: 'Acme Manufacturing GmbH', country: 'DE', city: 'Berlin' },
      'Acme Manufacturing',
    ],
    ['consumer-isp', { asn: 7922, asOrganization: 'COMCAST-7922', country: 'US' }, null],
    ['mobile', { asn: 21928, asOrganization: 'T-Mobile USA, Inc.', country: 'US' }, null],
    ['cloud', { asn: 16509, asOrganization: 'AMAZON-02', country: 'US' }, null],
  ];
  for (const [tag, cf, company] of cases) {
    it(`${tag} network → ${company ?? 'no company'}`, async () => {
      const row = await visitFrom(cf, tag);
      expect(row.company).toBe(company);
      expect(row.country).toBe(cf.country);
      const detail = (await (await api(`/api/leads/${row.id}`)).json()) as Detail;
      expect(detail.profile.company).toBe(company ?? undefined);
    });
  }

  it('never stores the raw IP, in the index or in any object', async () => {
    await visitFrom({ asn: 64998, asOrganization: 'Globex Corporation', country: 'FR' }, 'ip-check');
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'",
    ).all<{ name: string }>();
    for (const { name } of tables.results) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(results), name).not.toContain('203.0.113.77');
    }
    const { runInDurableObject } = await import('cloudflare:test');
    const { listDurableObjectIds } = await import('cloudflare:test');
    for (const id of await listDurableObjectIds(env.LEADS)) {
      const dump = await runInDurableObject(env.LEADS.get(id), (_i, state) =>
        JSON.stringify(
          ['events', 'meta', 'members'].map((t) => state.storage.sql.exec(`SELECT * FROM ${t}`).toArray()),
        ),
      );
      expect(dump).not.toContain('203.0.113.77');
    }
  });
});

describe('company records', () => {
  it('groups anonymous visitors from a company network with its known leads, scored as an account', async () => {
    await visitFrom({ asn: 64997, asOrganization: 'Initech Systems Inc.', country: 'US' }, 'initech-a');
    await visitFrom({ asn: 64997, asOrganization: 'Initech Systems Inc.', country: 'US' }, 'initech-b');
    const res = await api('/api/identify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: 'acme',
        email: 'peter@initech.example',
        traits: { company: 'Initech Systems', title: 'Head of Operations' },
      }),
    });
    expect(res.status).toBe(200);
    const { companies } = (await (await api('/api/companies?q=initech')).json()) as {
      companies: { name: string; leads: number; known: number; anonymous: number; score: number }[];
    };
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({ leads: 3, known: 1, anonymous: 2 });
    expect(companies[0]?.score).toBeGreaterThan(0);
    expect((await api('/api/companies?limit=0')).status).toBe(400);
    expect((await api('/api/companies', { token: null })).status).toBe(401);
  });
});

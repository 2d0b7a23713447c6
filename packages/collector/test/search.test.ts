import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dash, elements } from './dashboard-helpers';
import { api } from './helpers';

// A company name of 60 characters with LIKE's wildcards and escape character in it: D1 refuses a
// LIKE pattern over 50 bytes, and every escaped `%`, `_` or `\` counts twice.
const LONG_COMPANY = 'Hyper_Long 100% Industrial \\ Manufacturing Holdings Europe AG';
const LONG_EMAIL = `${'a'.repeat(60)}@example.com`;

type Item = { id: string; email: string | null; name: string | null; company: string | null };

function row(id: string, email: string | null, name: string | null, company: string | null) {
  return env.DB.prepare(
    `INSERT INTO leads (id, site, stage, band, total, email, name, company, topics, updated_at, rev)
     VALUES (?1, 'acme', 'known', 'warm', 30, ?2, ?3, ?4, '[]', 1, 1)`,
  ).bind(id, email, name, company);
}

beforeAll(async () => {
  await env.DB.batch([
    row('a'.repeat(64), LONG_EMAIL, 'Ada Longname', LONG_COMPANY),
    row(`${'a'.repeat(63)}b`, 'bob@short.example', 'Bob', 'Hyper Long 100 Industrial'),
    row(`${'a'.repeat(63)}c`, 'cy@under.example', 'Cy', 'Under_score Ltd'),
    row(`${'a'.repeat(63)}d`, 'di@under.example', 'Di', 'Underxscore Ltd'),
  ]);
});

async function leads(query: string): Promise<Item[]> {
  const res = await api(`/api/leads?${query}`);
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { leads: Item[] }).leads;
}

describe('searching with any text the forms accept', () => {
  it('finds a company by its full 60-character name, in the API, the CSV and the company list', async () => {
    const company = new URLSearchParams({ company: LONG_COMPANY });
    expect((await leads(company.toString())).map((l) => l.email)).toEqual([LONG_EMAIL]);

    const q = new URLSearchParams({ q: LONG_COMPANY.toUpperCase() });
    expect((await leads(q.toString())).map((l) => l.email)).toEqual([LONG_EMAIL]);
    expect((await leads(`q=${encodeURIComponent(LONG_EMAIL)}`)).map((l) => l.email)).toEqual([LONG_EMAIL]);

    const csv = await api(`/api/leads/export.csv?${company}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(2);

    const companies = await api(`/api/companies?${new URLSearchParams({ q: LONG_COMPANY })}`);
    expect(companies.status).toBe(200);
    const body = (await companies.json()) as { companies: { name: string }[] };
    expect(body.companies.map((c) => c.name)).toEqual([LONG_COMPANY]);
  });

  it('matches % _ and \\ literally', async () => {
    expect((await leads('company=under_score')).map((l) => l.name)).toEqual(['Cy']);
    expect((await leads(`q=${encodeURIComponent('100%')}`)).map((l) => l.name)).toEqual(['Ada Longname']);
    expect((await leads('q=100')).map((l) => l.name).sort()).toEqual(['Ada Longname', 'Bob']);
    expect((await leads(`q=${encodeURIComponent('% Industrial \\')}`)).map((l) => l.name)).toEqual([
      'Ada Longname',
    ]);
  });

  it("follows the Companies page's own link for a long company name to its leads", async () => {
    const page = await dash(`/dashboard/companies?${new URLSearchParams({ q: LONG_COMPANY })}`);
    expect(page.status).toBe(200);
    const links = (await elements(await page.text(), 'table a')).map((a) => a.attrs.href ?? '');
    const link = links.find((href) => href.startsWith('/dashboard?company='));
    expect(link).toBeDefined();
    const list = await dash(link ?? '');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(LONG_EMAIL);
  });

  it('answers every shape of search text without a server error (fuzzed)', async () => {
    const routes = [
      (t: string) => api(`/api/leads?${new URLSearchParams({ q: t })}`),
      (t: string) => api(`/api/leads?${new URLSearchParams({ company: t })}`),
      (t: string) => api(`/api/leads/export.csv?${new URLSearchParams({ q: t, company: t })}`),
      (t: string) => api(`/api/companies?${new URLSearchParams({ q: t })}`),
      (t: string) => dash(`/dashboard?${new URLSearchParams({ q: t, company: t })}`),
      (t: string) => dash(`/dashboard/companies?${new URLSearchParams({ q: t })}`),
    ];
    const odd = fc.constantFrom('%', '_', '\\', "'", '"', 'a', 'Ä', '😀', ' ', '\0', '\uD800');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ unit: 'binary', minLength: 40, maxLength: 100 }),
      fc.string({ unit: odd, minLength: 20, maxLength: 120 }),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.nat(routes.length - 1), async (t, i) => {
        const res = await routes[i]?.(t);
        await res?.body?.cancel();
        // 200, or 400 for what the schema refuses (over 100 characters, blank): never a 5xx.
        expect(res?.status, JSON.stringify(t)).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('answers any mix of query parameters on every list route without a server error (fuzzed)', async () => {
    const paths = [
      '/api/leads',
      '/api/leads/export.csv',
      '/api/companies',
      '/api/model/report',
      '/api/webhooks',
      `/api/webhooks/${'0'.repeat(32)}/deliveries`,
      '/dashboard',
      '/dashboard/companies',
    ];
    const keys = fc.constantFrom(
      'q',
      'company',
      'band',
      'stage',
      'topic',
      'site',
      'sort',
      'order',
      'limit',
      'offset',
      'cursor',
      'min_total',
      'max_fit',
      'updated_since',
      'disqualified',
      'status',
      'page',
    );
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.constantFrom('0', '-1', '1e309', 'NaN', '200', '201', '99999999999', 'hot,warm', 'asc', ''),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.array(fc.tuple(keys, value), { maxLength: 6 }),
        async (path, params) => {
          const query = new URLSearchParams(params).toString();
          const res = path.startsWith('/dashboard')
            ? await dash(`${path}?${query}`)
            : await api(`${path}?${query}`);
          await res.body?.cancel();
          expect(res.status, `${path}?${query}`).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('answers raw, undecodable query strings without a server error', async () => {
    for (const raw of [
      '%',
      '%ED%A0%80',
      '%FF%FE',
      '%00',
      '%25%5F%5C'.repeat(40),
      `${'%C3%84'.repeat(100)}`,
    ]) {
      for (const path of ['/api/leads?q=', '/api/leads?company=', '/api/companies?q=']) {
        const res = await api(`${path}${raw}`);
        expect(res.status, `${path}${raw}`).toBeLessThan(500);
      }
      for (const path of ['/dashboard?q=', '/dashboard/companies?q=']) {
        const res = await dash(`${path}${raw}`);
        expect(res.status, `${path}${raw}`).toBeLessThan(500);
      }
    }
  });
});

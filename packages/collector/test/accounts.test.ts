import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { compileModel, scoreLead } from '../src/scoring';
import { DEFAULT_ACCOUNT_MODEL } from '../src/scoring/default-account-model';
import type { LeadEvent } from '../src/scoring/events';
import {
  api,
  BROWSER_UA,
  beacon,
  drained,
  leadObjectId,
  ORIGIN,
  pageview,
  post,
  uid,
  visitorObjectId,
} from './helpers';

type Line = { eventId: string; ruleId: string; member?: string; value: number; reason: string };
type Account = {
  total: number;
  band: string;
  stageName: string;
  members: {
    id: string;
    kind: string;
    email?: string;
    points: number;
    topics: string[];
    pages: { url: string }[];
  }[];
  topics: { topic: string; members: number }[];
  ledger: Line[];
};

/** A beacon from a browser on a company's network, as Cloudflare's edge would attach `cf`. */
async function sendFrom(cf: Record<string, unknown>, visitor: string, events: unknown[]) {
  const res = await exports.default.fetch(
    new Request('http://collector.test/e', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': BROWSER_UA },
      body: JSON.stringify({ s: 'acme', v: visitor, x: `${visitor}-s`, t: Date.now(), e: events }),
      cf,
    } as RequestInit),
  );
  expect(res.status).toBe(204);
  await drained();
}

async function account(domain: string): Promise<Account> {
  const res = await api(`/api/accounts/acme/${domain}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Account;
}

async function lead(id: string): Promise<{ total: number; band: string }> {
  return (await (await api(`/api/leads/${id}`)).json()) as { total: number; band: string };
}

describe('accounts: the company scored from its members', () => {
  it('three people each below the lead threshold make the account hot; erasing one lowers it by exactly their part', async () => {
    const tag = uid('co').toLowerCase();
    const domain = `${tag}.example`;
    // A company's own network (the edge's classification names the company).
    const cf = {
      asn: 64_900 + (Number.parseInt(tag.slice(-3), 36) % 90),
      asOrganization: `Initrode ${tag} GmbH`,
      country: 'DE',
    };
    const jo = uid('v');
    const sam = uid('v');
    const anon = uid('v');
    const t = Date.now() - 60_000;
    const identify = (email: string, ts: number) => ({
      i: uid('ev'),
      n: 'id',
      ts,
      u: 'https://acme.test/signup',
      em: email,
    });
    const joPricing = pageview('https://acme.test/pricing', [], { ts: t });
    await sendFrom(cf, jo, [joPricing, identify(`jo@${domain}`, t + 10_000)]);
    const samProduct = pageview('https://acme.test/products/widget', [], { ts: t + 1000 });
    const samPdf = {
      i: uid('ev'),
      n: 'dl',
      ts: t + 2000,
      u: 'https://acme.test/products/widget',
      h: 'https://acme.test/files/widget.pdf',
      f: 'widget.pdf',
      x: 'pdf',
    };
    await sendFrom(cf, sam, [samProduct, samPdf, identify(`sam@${domain}`, t + 12_000)]);
    const anonBlog = pageview('https://acme.test/blog/roi', [], { ts: t + 20_000 });
    const anonProduct = pageview('https://acme.test/products/gadget', [], { ts: t + 21_000 });
    await sendFrom(cf, anon, [anonBlog, anonProduct]);

    const joId = leadObjectId('acme', `jo@${domain}`);
    const samId = leadObjectId('acme', `sam@${domain}`);
    const anonId = visitorObjectId('acme', anon);
    // Each person alone is below the lead model's hot band (51).
    for (const id of [joId, samId, anonId]) {
      const l = await lead(id);
      expect(l.total).toBeLessThan(51);
      expect(l.band).not.toBe('hot');
    }

    const before = await account(domain);
    expect(before.band).toBe('hot');
    expect(before.total).toBe(63);
    expect(before.members.map((m) => [m.id, m.kind]).sort()).toEqual(
      [
        [joId, 'lead'],
        [samId, 'lead'],
        [anonId, 'visitor'],
      ].sort(),
    );
    // Every line names the member and the member's own event.
    const lines = (member: string) =>
      before.ledger.filter((l) => l.member === member).map((l) => [l.ruleId, l.eventId]);
    expect(lines(joId)).toEqual([['account-pricing-page', joPricing.i]]);
    expect(lines(samId)).toEqual([
      ['account-topic-page', samProduct.i],
      ['account-second-person', samProduct.i],
      ['account-download', samPdf.i],
    ]);
    expect(lines(anonId)).toEqual([
      ['account-topic-page', anonBlog.i],
      ['account-third-person', anonBlog.i],
      // Pricing (Jo), product (Sam), blog: the third topic.
      ['account-topic-breadth', anonBlog.i],
      ['account-topic-page', anonProduct.i],
    ]);
    expect(before.ledger.every((l) => l.member !== undefined)).toBe(true);
    expect(before.topics.map((x) => x.topic).sort()).toEqual(['blog', 'pricing', 'product']);

    // The index row and the list agree.
    const list = (await (await api(`/api/accounts?site=acme&band=hot&q=${tag}`)).json()) as {
      accounts: { domain: string; total: number; knownPeople: number; anonymousVisitors: number }[];
    };
    expect(list.accounts).toEqual([
      expect.objectContaining({ domain, total: 63, knownPeople: 2, anonymousVisitors: 1 }),
    ]);

    // Erase Sam: his lines go, and so does the third person (only two people are left).
    expect((await api(`/api/leads/${samId}`, { method: 'DELETE' })).status).toBe(200);
    const after = await account(domain);
    expect(after.members.map((m) => m.id).sort()).toEqual([joId, anonId].sort());
    expect(after.ledger.some((l) => l.member === samId)).toBe(false);
    expect(after.total).toBe(63 - 1 - 10 - 15);
    expect(after.band).toBe('warm');
    // Exactly the account model's replay of the remaining members' events.
    const events: LeadEvent[] = [
      {
        id: joPricing.i,
        at: t,
        type: 'pageview',
        url: 'https://acme.test/pricing',
        topics: [],
        member: joId,
      },
      {
        id: anonBlog.i,
        at: t + 20_000,
        type: 'pageview',
        url: 'https://acme.test/blog/roi',
        topics: [],
        member: anonId,
      },
      {
        id: anonProduct.i,
        at: t + 21_000,
        type: 'pageview',
        url: 'https://acme.test/products/gadget',
        topics: [],
        member: anonId,
      },
    ];
    expect(scoreLead(events, compileModel(DEFAULT_ACCOUNT_MODEL), Date.now()).total).toBe(after.total);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM account_members WHERE member_id = ?1')
      .bind(samId)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it('identifying with a business address brings the earlier anonymous visits, dated when they happened', async () => {
    const tag = uid('id').toLowerCase();
    const domain = `${tag}.example`;
    const browser = uid('v');
    const earlier = Date.now() - 2 * 86_400_000;
    const first = pageview('https://acme.test/pricing', [], { ts: earlier });
    // A home network: the visitor joins no account while anonymous.
    await sendFrom({ asn: 7922, asOrganization: 'Comcast Cable', country: 'US' }, browser, [first]);
    expect((await api(`/api/accounts/acme/${domain}`)).status).toBe(404);
    await sendFrom({ asn: 7922, asOrganization: 'Comcast Cable', country: 'US' }, browser, [
      { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `kim@${domain}` },
    ]);
    const acc = await account(domain);
    const line = acc.ledger.find((l) => l.eventId === first.i);
    expect(line).toMatchObject({
      ruleId: 'account-pricing-page',
      member: leadObjectId('acme', `kim@${domain}`),
    });
    // Two days back, as sent (give or take the collector's clock-skew correction of the beacon).
    expect(Math.abs((line as Line & { at: number }).at - earlier)).toBeLessThan(1000);
  });

  it('members arriving at the same moment are all counted: the index row is the last change', async () => {
    const domain = `${uid('cc').toLowerCase()}.example`;
    const people = ['a', 'b', 'c', 'd'];
    // One delivery batch: the four lead objects call the account concurrently.
    await Promise.all(
      people.map((p) =>
        post(
          beacon(uid('v'), [
            pageview('https://acme.test/products/x'),
            { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `${p}@${domain}` },
          ]),
        ),
      ),
    );
    await drained();
    const detail = await account(domain);
    const row = await env.DB.prepare('SELECT known_people, total FROM accounts WHERE domain = ?1')
      .bind(domain)
      .first<{ known_people: number; total: number }>();
    expect(detail.members).toHaveLength(4);
    expect(row).toEqual({ known_people: 4, total: detail.total });
  });

  it('a free-mail person from the company network never joins; bad input is a 4xx naming the field', async () => {
    const tag = uid('fm').toLowerCase();
    const domain = `${tag}.example`;
    const cf = {
      asn: 64_800 + (Number.parseInt(tag.slice(-3), 36) % 90),
      asOrganization: `Vandelay ${tag} Ltd`,
      country: 'GB',
    };
    const a = uid('v');
    await sendFrom(cf, a, [
      pageview('https://acme.test/pricing'),
      { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `ann@${domain}` },
    ]);
    const before = await account(domain);
    const free = uid('v');
    await sendFrom(cf, free, [
      pageview('https://acme.test/pricing'),
      { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `${tag}@gmail.com` },
    ]);
    const after = await account(domain);
    expect(after.members.map((m) => m.id)).toEqual(before.members.map((m) => m.id));
    expect(after.total).toBe(before.total);

    expect((await api('/api/accounts?sort=size')).status).toBe(400);
    expect(await (await api('/api/accounts?stage=hot')).text()).toContain('stage');
    expect((await api('/api/accounts/acme/not a domain')).status).toBe(400);
    expect((await api('/api/accounts/nosuchsite/acme.com')).status).toBe(404);
    const bad = await api(`/api/accounts/acme/${domain}/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company_size: 'lots' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('company_size');
  });

  it('aliases merge a second domain into the account and split it off again; the profile adds fit', async () => {
    const tag = uid('al').toLowerCase();
    const main = `${tag}.example`;
    const other = `${tag}-de.example`;
    await sendFrom({ country: 'DE' }, uid('v'), [
      pageview('https://acme.test/pricing'),
      { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `a@${main}` },
    ]);
    await sendFrom({ country: 'DE' }, uid('v'), [
      pageview('https://acme.test/products/x'),
      { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: `b@${other}` },
    ]);
    const merged = await api(`/api/accounts/acme/${main}/aliases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: other }),
    });
    expect(merged.status).toBe(201);
    expect(((await merged.json()) as { moved: number }).moved).toBe(1);
    expect((await account(main)).members).toHaveLength(2);
    expect((await api(`/api/accounts/acme/${other}`)).status).toBe(404);

    const split = await api(`/api/accounts/acme/${main}/aliases/${encodeURIComponent(`d:${other}`)}`, {
      method: 'DELETE',
    });
    expect(split.status).toBe(200);
    expect((await account(main)).members).toHaveLength(1);
    expect((await account(other)).members).toHaveLength(1);

    const before = (await account(main)).total;
    const profile = await api(`/api/accounts/acme/${main}/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Main Corp', company_size: '201-500', industry: 'Manufacturing' }),
    });
    expect(profile.status).toBe(200);
    const after = await account(main);
    expect(after.total).toBe(before + 15);
    expect(
      after.ledger.filter(
        (l) => l.ruleId.startsWith('account-company') || l.ruleId === 'account-profile-given',
      ),
    ).toHaveLength(2);
  });
});

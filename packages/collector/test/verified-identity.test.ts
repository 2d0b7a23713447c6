import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';
import {
  api,
  beacon,
  exportOf,
  leadObjectId,
  pageview,
  send,
  signAddress,
  uid,
  visitorObjectId,
} from './helpers';

// Who may change a lead: the API and a signed identify may; an unsigned beacon may not overwrite
// what a more trusted source said, and a site can refuse unsigned identities altogether.

type Detail = {
  id: string;
  kind: string;
  stage: string;
  disqualified: boolean;
  profile: {
    email?: string;
    traits: Record<string, unknown>;
    sources?: Record<string, { source: string; at: number; eventId: string }>;
  };
  merges: { visitor: string }[];
  timeline: { id: string; type: string; label: string }[];
  ledger: { ruleId: string; value: number }[];
};

const URL_DEMO = 'http://127.0.0.1:8080/demo.html';

async function detail(id: string): Promise<Detail> {
  const res = await api(`/api/leads/${id}`);
  if (res.status !== 200) throw new Error(`detail: ${res.status} ${await res.text()}`);
  return (await res.json()) as Detail;
}

async function apiIdentify(site: string, email: string, traits: Record<string, string>): Promise<string> {
  const res = await api('/api/identify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site, email, traits }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { leadId: string }).leadId;
}

function idEvent(email: string, traits: Record<string, unknown>, h?: string) {
  return { i: uid('ev'), n: 'id', ts: Date.now(), u: URL_DEMO, em: email, tr: traits, ...(h ? { h } : {}) };
}

function demoForm(email: string, traits: Record<string, unknown>, h?: string) {
  return {
    i: uid('ev'),
    n: 'fm',
    ts: Date.now(),
    u: URL_DEMO,
    fi: 'demo-form',
    in: 'demo_request',
    em: email,
    tr: traits,
    ...(h ? { h } : {}),
  };
}

const API_TRAITS = { name: 'Ada Lovelace', company: 'Big Corp', title: 'CFO' };
const SPOOFED = { name: 'Mallory', company: 'Nowhere', title: 'Student intern' };

function sourceOf(events: LeadEvent[], id: string): string | undefined {
  const e = events.find((x) => x.id === id);
  return e && (e.type === 'identify' || e.type === 'form') ? e.source : undefined;
}

async function visitorRow(site: string, visitor: string) {
  return env.DB.prepare('SELECT email, stage, merged_into FROM leads WHERE id = ?1')
    .bind(visitorObjectId(site, visitor))
    .first<{ email: string | null; stage: string; merged_into: string | null }>();
}

describe('who may change a lead', () => {
  it('keeps the source of every identity end to end: api, link, verified, form, script', async () => {
    const email = `${uid('ada')}@bigcorp.example`.toLowerCase();
    const leadId = await apiIdentify('acme', email, API_TRAITS);
    expect(leadId).toBe(leadObjectId('acme', email));

    const script = idEvent(email, SPOOFED);
    const form = demoForm(email, { name: 'Ada L.' });
    const verified = idEvent(email, { phone: '+44 20 7946 0000' }, await signAddress('acme', email));
    const [v1, v2, v3] = [uid('v'), uid('v'), uid('v')];
    expect((await send(beacon(v1, [script]))).status).toBe(204);
    expect((await send(beacon(v2, [form]))).status).toBe(204);
    expect((await send(beacon(v3, [verified]))).status).toBe(204);
    const token = await api('/api/email-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'acme', email }),
    });
    expect(token.status).toBe(200);

    const { events, merges } = await exportOf(leadId);
    const identities = events.filter((e) => e.type === 'identify' || e.type === 'form');
    expect(identities.map((e) => ('source' in e ? e.source : undefined)).sort()).toEqual(
      ['api', 'form', 'link', 'script', 'verified'].sort(),
    );
    expect(sourceOf(events, script.i)).toBe('script');
    expect(sourceOf(events, form.i)).toBe('form');
    expect(sourceOf(events, verified.i)).toBe('verified');
    expect(events.find((e) => e.id === form.i)).toMatchObject({
      type: 'form',
      intent: 'demo_request',
      email,
      traits: { name: 'Ada L.' },
    });
    const { timeline } = await detail(leadId);
    expect(timeline.map((t) => t.label)).toEqual(
      expect.arrayContaining([
        `Identified as ${email} (API)`,
        `Identified as ${email} (page script)`,
        `Identified as ${email} (verified identify)`,
        `Identified as ${email} (e-mail link)`,
        `Submitted a demo request form as ${email}`,
      ]),
    );
    // The form's address identified its browser exactly like an identify: all three browsers merged.
    expect(merges.map((m) => m.visitor).sort()).toEqual(
      [v1, v2, v3].map((v) => visitorObjectId('acme', v)).sort(),
    );
  });

  it("ends a browser's anonymous era with a form's address, like an identify", async () => {
    const email = `${uid('cy')}@initech.example`.toLowerCase();
    const visitor = uid('v');
    const t = Date.now() - 10_000;
    const before = pageview('http://127.0.0.1:8080/pricing.html', ['pricing'], { ts: t });
    // Outside the engine's identity window (5 s): an identity counts as known that long before it.
    const form = { ...demoForm(email, { name: 'Cy' }), ts: t + 6000 };
    const after = pageview('http://127.0.0.1:8080/thanks.html', [], { ts: t + 7000 });
    expect((await send(beacon(visitor, [before, form]))).status).toBe(204);
    expect((await send(beacon(visitor, [after]))).status).toBe(204);
    const res = await api(`/api/leads/${leadObjectId('acme', email)}`);
    const lead = (await res.json()) as { pages: { url: string; anonymous: boolean }[] };
    expect(lead.pages.map((p) => [new URL(p.url).pathname, p.anonymous])).toEqual([
      ['/pricing.html', true],
      ['/thanks.html', false],
    ]);
  });

  // The scoring engine's trait precedence by source: a less trusted source never overwrites a more
  // trusted one.
  it('does not let an unverified beacon identify change API-set traits or disqualify the lead', async () => {
    const email = `${uid('ada')}@bigcorp.example`.toLowerCase();
    const leadId = await apiIdentify('acme', email, API_TRAITS);
    expect((await send(beacon(uid('v'), [idEvent(email, SPOOFED)]))).status).toBe(204);
    const lead = await detail(leadId);
    expect(lead.profile.traits).toMatchObject(API_TRAITS);
    expect(lead.disqualified).toBe(false);
    expect(lead.profile.sources?.title?.source).toBe('api');
    expect(lead.profile.sources?.email?.source).toBe('api');
  });

  it('merges a verified identify (valid HMAC) into the lead, browser history included', async () => {
    const email = `${uid('grace')}@initech.example`.toLowerCase();
    const leadId = await apiIdentify('acme', email, API_TRAITS);
    const visitor = uid('v');
    const pv = pageview('http://127.0.0.1:8080/pricing.html', ['pricing']);
    const id = idEvent(email, { phone: '+1 555 0100' }, await signAddress('acme', email));
    expect((await send(beacon(visitor, [pv, id]))).status).toBe(204);

    const { events, merges } = await exportOf(leadId);
    expect(sourceOf(events, id.i)).toBe('verified');
    expect(events.map((e) => e.id)).toContain(pv.i);
    expect(merges.map((m) => m.visitor)).toEqual([visitorObjectId('acme', visitor)]);
    expect((await visitorRow('acme', visitor))?.merged_into).toBe(leadId);
    const lead = await detail(leadId);
    expect(lead.profile.email).toBe(email);
    expect(lead.profile.traits.phone).toBe('+1 555 0100');
  });

  it('refuses a bad HMAC with a 400 naming the event and field, and changes nothing', async () => {
    const email = `${uid('ada')}@bigcorp.example`.toLowerCase();
    const leadId = await apiIdentify('acme', email, API_TRAITS);
    const before = await exportOf(leadId);
    const otherHash = await signAddress('acme', `x${email}`);
    const visitor = uid('v');
    const cases: [unknown[], string][] = [
      [[pageview(URL_DEMO), idEvent(email, SPOOFED, otherHash)], 'e[1].h'],
      [[demoForm(email, SPOOFED, otherHash)], 'e[0].h'],
      // Signed with another site's secret.
      [[idEvent(email, {}, await signAddress('acme-verified', email))], 'e[0].h'],
    ];
    for (const [events, path] of cases) {
      const res = await send(beacon(visitor, events));
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain(`${path}: `);
      expect(error).toMatch(/signature does not match the address/);
    }
    // A signature must have an address to sign, and a site without an identity secret cannot check one.
    const noAddress = { ...demoForm(email, {}, otherHash), em: undefined };
    const res = await send(beacon(visitor, [noAddress]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^e\[0\]\.h: .*no address/);
    const beta = await send(beacon(visitor, [idEvent(email, {}, otherHash)], { s: 'beta' }));
    expect(beta.status).toBe(400);
    expect(((await beta.json()) as { error: string }).error).toMatch(/^e\[0\]\.h: .*identity secret/);
    // A malformed one is a schema error.
    const short = await send(beacon(visitor, [idEvent(email, {}, 'abc')]));
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toMatch(/^e\[0\]\.h: expected 64 hexadecimal/);

    expect(await visitorRow('acme', visitor)).toBeNull();
    expect(await exportOf(leadId)).toEqual(before);
  });
});

describe('a site that requires verified identify', () => {
  const site = 'acme-verified';

  it('records an unverified identify or form identity as a claim that merges nothing; a signed one merges', async () => {
    const email = `${uid('ada')}@bigcorp.example`.toLowerCase();
    const leadId = await apiIdentify(site, email, API_TRAITS);
    const before = await exportOf(leadId);
    const visitor = uid('v');
    const script = idEvent(email, SPOOFED);
    const form = demoForm(email, SPOOFED);
    const pv = pageview(URL_DEMO, ['demo']);
    expect((await send(beacon(visitor, [pv, script, form], { s: site }))).status).toBe(204);

    // The known lead is exactly as it was.
    expect(await exportOf(leadId)).toEqual(before);
    // The browser stays an anonymous visitor: its form counts, the claims are on its record.
    const row = await visitorRow(site, visitor);
    expect(row).toMatchObject({ email: null, stage: 'visitor', merged_into: null });
    const anonymous = await detail(visitorObjectId(site, visitor));
    expect(anonymous.kind).toBe('visitor');
    expect(anonymous.profile.email).toBeUndefined();
    expect(anonymous.profile.traits).toEqual({});
    expect(anonymous.ledger.map((l) => l.ruleId)).toContain('demo-request');
    const claims = anonymous.timeline.filter((t) => t.type === 'custom');
    expect(claims.map((c) => c.label)).toEqual([
      `Claimed to be ${email} (page script, not verified)`,
      `Claimed to be ${email} (form, not verified)`,
    ]);

    // The site's server signs the address (e.g. on the thank-you page): now the browser merges.
    const signed = idEvent(email, {}, await signAddress(site, email));
    expect((await send(beacon(visitor, [signed], { s: site }))).status).toBe(204);
    const after = await exportOf(leadId);
    expect(after.merges.map((m) => m.visitor)).toEqual([visitorObjectId(site, visitor)]);
    expect(sourceOf(after.events, signed.i)).toBe('verified');
    expect(after.events.map((e) => e.id)).toEqual(expect.arrayContaining([pv.i, form.i, script.i]));
    // The claims came along as claims: they never became identities of the lead.
    expect(after.events.filter((e) => e.type === 'identify').map((e) => e.id)).not.toContain(script.i);
    const lead = await detail(leadId);
    expect(lead.profile.traits).toEqual(API_TRAITS);
    expect(lead.ledger.map((l) => l.ruleId)).toContain('demo-request');
  });

  it('still takes identities from the API', async () => {
    const email = `${uid('bo')}@bigcorp.example`.toLowerCase();
    const visitor = uid('v');
    expect((await send(beacon(visitor, [pageview(URL_DEMO)], { s: site }))).status).toBe(204);
    const res = await api('/api/identify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site, email, visitorId: visitor }),
    });
    expect(res.status).toBe(200);
    expect((await visitorRow(site, visitor))?.merged_into).toBe(leadObjectId(site, email));
  });
});

import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/scoring/events';
import type { LeadNotification } from '../src/webhooks/notification';
import { dash, decodeEntities, elements, hotHistory, post, seedLead, texts } from './dashboard-helpers';
import { api, uid, visitorObjectId } from './helpers';
import { actionRows, as, postAs, userWithRole } from './users-helpers';
import { createWebhook, path, received, receiverUrl, waitFor } from './webhooks-helpers';

const json = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A site of this file's own (its origin, round-robin on), so other files' users and leads never mix in. */
async function newSite(settings: Record<string, unknown> = {}) {
  const id = uid('rr').toLowerCase();
  const res = await api('/api/sites', json({ id, origins: [`https://www.${id}.example`], ...settings }));
  if (res.status !== 201) throw new Error(`site: ${res.status} ${await res.text()}`);
  return id;
}

/** A known lead that becomes an MQL (hot, 55) when its history is stored. */
async function newMql(site: string, name = 'Ada Buyer') {
  const email = `${uid('mql')}@buyer.example`.toLowerCase();
  return seedLead(email, hotHistory(email, { name, company: 'Buyer Ltd' }), site);
}

async function detailJson(id: string) {
  const res = await api(`/api/leads/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & {
    owner: { id: string; name: string; email: string } | null;
    notes: { id: string; body: string; authorName: string }[];
    source: Record<string, unknown>;
    sessions: { pages: unknown[]; landingPage: string; referrer: string | null; utm: unknown }[];
    deal: { result: string; value?: number } | null;
  };
}

describe('owner', () => {
  it('sales assigns a lead to themselves: the D1 row, the API, the list filter and every later notification carry the owner', async () => {
    const site = await newSite();
    const sam = await userWithRole('sales', { sites: [site] });
    const lead = await newMql(site);
    const hook = path('ok');
    await createWebhook({
      name: 'owner',
      url: `${receiverUrl}${hook}`,
      kinds: ['stage_changed'],
      sites: [site],
    });

    const page = await (await as(sam, `/dashboard/leads/${lead}`)).text();
    expect(await texts(page, '.owner p')).toEqual(['Owner: nobody yet']);
    const res = await postAs(sam, `/dashboard/leads/${lead}/owner`, { owner: sam.id });
    expect(res.status).toBe(303);
    const after = await (await as(sam, res.headers.get('location') ?? '')).text();
    expect(await texts(after, '.notice')).toEqual(['Owner saved.']);
    expect(await texts(after, '.owner p')).toEqual([`Owner: ${sam.name} (${sam.email})`]);

    expect(await env.DB.prepare('SELECT owner_id FROM leads WHERE id = ?1').bind(lead).first()).toEqual({
      owner_id: sam.id,
    });
    expect((await detailJson(lead)).owner).toEqual({ id: sam.id, name: sam.name, email: sam.email });
    const mine = (await (await api(`/api/leads?owner=${sam.id}&site=${site}`)).json()) as {
      leads: { id: string; ownerId: string }[];
    };
    expect(mine.leads.map((l) => [l.id, l.ownerId])).toEqual([[lead, sam.id]]);
    const unowned = (await (await api(`/api/leads?owner=none&site=${site}`)).json()) as { leads: unknown[] };
    expect(unowned.leads).toEqual([]);
    expect((await api('/api/leads?owner=sam')).status).toBe(400);

    // Accepting the lead notifies the stage change; the snapshot names the owner.
    expect((await postAs(sam, `/dashboard/leads/${lead}/accept`)).status).toBe(303);
    const [delivery] = await waitFor(async () => {
      const got = await received(hook);
      return got.length > 0 ? got : null;
    });
    const body = JSON.parse(delivery?.body ?? '{}') as { data: LeadNotification };
    expect(body.data.lead.owner).toEqual({ id: sam.id, name: sam.name, email: sam.email });
    expect(await actionRows('lead_id = ?1', lead)).toEqual([
      expect.objectContaining({ actor_name: sam.name, action: 'lead.accept' }),
      expect.objectContaining({ actor_name: sam.name, action: 'lead.assign', detail: `to ${sam.name}` }),
    ]);
  });

  it('the API assigns by e-mail address or to nobody, and refuses someone who may not own the lead', async () => {
    const site = await newSite();
    const sue = await userWithRole('sales', { sites: [site] });
    const other = await userWithRole('sales', { sites: ['acme'] });
    const marketer = await userWithRole('marketer');
    const lead = await newMql(site);
    const byEmail = await api(`/api/leads/${lead}/owner`, json({ owner: sue.email.toUpperCase() }));
    expect(await byEmail.json()).toEqual({
      id: lead,
      owner: { id: sue.id, name: sue.name, email: sue.email },
    });
    for (const who of [other.id, marketer.email, 'nobody@nowhere.example']) {
      const res = await api(`/api/leads/${lead}/owner`, json({ owner: who }));
      expect(res.status, who).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(
        /^owner: .* is not an active sales user or admin of site/,
      );
    }
    expect((await api(`/api/leads/${lead}/owner`, json({ owner: 42 }))).status).toBe(400);
    expect(await (await api(`/api/leads/${lead}/owner`, json({ owner: null }))).json()).toEqual({
      id: lead,
      owner: null,
    });
    expect(await env.DB.prepare('SELECT owner_id FROM leads WHERE id = ?1').bind(lead).first()).toEqual({
      owner_id: null,
    });
  });

  it('round-robin: new MQLs of a site go to its sales users in turn, and the MQL notification names the owner', async () => {
    const site = await newSite({ autoAssign: 'round-robin' });
    // Named so the turn order (by name) is known: Anna, then Bert.
    const anna = await userWithRole('sales', { sites: [site] });
    const bert = await userWithRole('sales', { sites: [site] });
    await postAs(await userWithRole('admin'), `/dashboard/users/${anna.id}`, {
      name: 'Anna A',
      role: 'sales',
      sites: site,
    });
    const admin = await userWithRole('admin');
    await postAs(admin, `/dashboard/users/${bert.id}`, { name: 'Bert B', role: 'sales', sites: site });
    // A sales user of another site and an admin are not in this site's turn.
    await userWithRole('sales', { sites: ['acme'] });
    const hook = path('ok');
    await createWebhook({
      name: 'rr',
      url: `${receiverUrl}${hook}`,
      kinds: ['stage_changed'],
      stages: ['mql'],
      sites: [site],
    });

    const leads = [await newMql(site, 'One'), await newMql(site, 'Two'), await newMql(site, 'Three')];
    const owners = await Promise.all(
      leads.map(
        async (id) =>
          (
            await env.DB.prepare('SELECT owner_id FROM leads WHERE id = ?1')
              .bind(id)
              .first<{ owner_id: string }>()
          )?.owner_id,
      ),
    );
    expect(owners).toEqual([anna.id, bert.id, anna.id]);
    const got = await waitFor(async () => {
      const r = await received(hook);
      return r.length >= 3 ? r : null;
    });
    const byLead = new Map(
      got.map((g) => {
        const n = (JSON.parse(g.body) as { data: LeadNotification }).data;
        return [n.leadId, n.lead.owner?.name];
      }),
    );
    expect(leads.map((id) => byLead.get(id))).toEqual(['Anna A', 'Bert B', 'Anna A']);
    expect(
      (await actionRows('lead_id = ?1', leads[1])).map((r) => [r.actor_kind, r.action, r.detail]),
    ).toEqual([['system', 'lead.assign', 'round-robin: Bert B']]);
    // An owned lead keeps its owner; a site without round-robin assigns nobody.
    const plain = await newSite();
    await userWithRole('sales', { sites: [plain] });
    const unassigned = await newMql(plain);
    expect(await env.DB.prepare('SELECT owner_id FROM leads WHERE id = ?1').bind(unassigned).first()).toEqual(
      { owner_id: null },
    );
  });
});

describe('notes', () => {
  it('sales writes notes; they show newest first with their author; an empty one is refused at its field', async () => {
    const site = await newSite();
    const ann = await userWithRole('sales', { sites: [site] });
    const ben = await userWithRole('sales', { sites: [site] });
    const lead = await newMql(site);
    expect(
      (await postAs(ann, `/dashboard/leads/${lead}/notes`, { body: 'Called: budget in Q3.' })).status,
    ).toBe(303);
    expect(
      (await postAs(ben, `/dashboard/leads/${lead}/notes`, { body: 'Sent the <b>price list</b>.' })).status,
    ).toBe(303);
    const page = await (await as(ann, `/dashboard/leads/${lead}`)).text();
    expect(await texts(page, '.note-body')).toEqual(['Sent the <b>price list</b>.', 'Called: budget in Q3.']);
    expect(await texts(page, '.note-meta strong')).toEqual([ben.name, ann.name]);
    // Ann may delete her own note only.
    expect(await elements(page, 'form[action$="/delete"]')).toHaveLength(1);

    const empty = await postAs(ann, `/dashboard/leads/${lead}/notes`, { body: '   ' });
    expect(empty.status).toBe(400);
    const refused = await empty.text();
    expect(await texts(refused, '#note-error')).toEqual(['Write something.']);
    const [textarea] = await elements(refused, 'textarea#note');
    expect(textarea?.attrs).toMatchObject({ 'aria-invalid': 'true', 'aria-describedby': 'note-error' });

    const notes = (await detailJson(lead)).notes;
    expect(notes.map((n) => [n.authorName, n.body])).toEqual([
      [ben.name, 'Sent the <b>price list</b>.'],
      [ann.name, 'Called: budget in Q3.'],
    ]);
    const bens = notes[0]?.id ?? '';
    expect((await postAs(ann, `/dashboard/leads/${lead}/notes/${bens}/delete`)).status).toBe(409);
    expect((await postAs(ben, `/dashboard/leads/${lead}/notes/${bens}/delete`)).status).toBe(303);
    expect((await detailJson(lead)).notes).toHaveLength(1);

    // The API writes notes as its token; a marketer may read but not write them.
    const viaApi = await api(`/api/leads/${lead}/notes`, json({ body: 'From the CRM' }));
    expect(viaApi.status).toBe(201);
    expect(await viaApi.json()).toMatchObject({
      authorName: 'development (token)',
      authorId: null,
      body: 'From the CRM',
    });
    expect((await api(`/api/leads/${lead}/notes`, json({ body: 'x'.repeat(4001) }))).status).toBe(400);
    // A token deletes what it wrote, an admin token any note of the lead (the development token is admin).
    const before = (await detailJson(lead)).notes;
    const crmNote = before.find((n) => n.body === 'From the CRM');
    const annsNote = before.find((n) => n.authorName === ann.name);
    const other = await newMql(site);
    expect((await api(`/api/leads/${other}/notes/${crmNote?.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/api/leads/${lead}/notes/${annsNote?.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/leads/${lead}/notes/${'f'.repeat(32)}`, { method: 'DELETE' })).status).toBe(404);
    expect((await detailJson(lead)).notes.map((n) => n.body)).toEqual(['From the CRM']);
    const marketer = await userWithRole('marketer');
    const seen = await (await as(marketer, `/dashboard/leads/${lead}`)).text();
    expect(await texts(seen, '.note-body')).toContain('From the CRM');
    expect(await elements(seen, 'textarea#note')).toEqual([]);
    expect((await postAs(marketer, `/dashboard/leads/${lead}/notes`, { body: 'hi' })).status).toBe(403);
  });
});

describe('the lead page sales use', () => {
  let lead: string;
  let html: string;
  const now = Date.now();

  beforeAll(async () => {
    const email = `${uid('src')}@buyer.example`.toLowerCase();
    const hour = 3_600_000;
    const pv = (
      at: number,
      url: string,
      extra: Partial<Extract<LeadEvent, { type: 'pageview' }>> = {},
    ): LeadEvent => ({
      id: uid('ev'),
      at,
      type: 'pageview',
      url,
      topics: [],
      visitorId: 'browser-1',
      ...extra,
    });
    const history: LeadEvent[] = [
      // First session, two days ago: from a search engine, then a campaign link the next visit.
      pv(now - 48 * hour, 'https://acme.test/blog/five-signs', {
        referrer: 'https://www.google.com/',
        title: 'Five signs',
      }),
      pv(now - 48 * hour + 60_000, 'https://acme.test/products/flow', {
        referrer: 'https://acme.test/blog/five-signs',
        title: 'Flow',
      }),
      // Second session, a day later: the newsletter campaign.
      pv(
        now - 24 * hour,
        'https://acme.test/pricing?utm_campaign=nov-newsletter&utm_source=newsletter&utm_medium=email',
        {
          title: 'Pricing',
          topics: ['pricing'],
        },
      ),
      {
        id: uid('ev'),
        at: now - 24 * hour + 30_000,
        type: 'custom',
        name: 'product_check_completed',
        visitorId: 'browser-1',
        url: 'https://acme.test/check',
      },
      {
        id: uid('ev'),
        at: now - 24 * hour + 60_000,
        type: 'custom',
        name: 'video_watched',
        visitorId: 'browser-1',
        url: 'https://acme.test/flow',
      },
      {
        id: uid('ev'),
        at: now - 24 * hour + 90_000,
        type: 'identify',
        email,
        traits: { name: 'Sourced Buyer', company: 'Buyer Ltd' },
        visitorId: 'browser-1',
      },
    ];
    lead = await seedLead(email, history);
    expect((await api(`/api/leads/${lead}/outcome`, json({ result: 'won', value: 12000 }))).status).toBe(200);
    html = await (await dash(`/dashboard/leads/${lead}`)).text();
  });

  it('says where the lead came from: first referrer, campaign, landing page', async () => {
    const d = await detailJson(lead);
    expect(d.source).toEqual({
      landingPage: 'https://acme.test/blog/five-signs',
      landedAt: now - 48 * 3_600_000,
      firstReferrer: 'https://www.google.com/',
      utm: { campaign: 'nov-newsletter', source: 'newsletter', medium: 'email' },
    });
    const source = await texts(html, 'section[aria-labelledby="source"] dd');
    expect(source.slice(0, 4)).toEqual([
      'https://www.google.com/',
      'nov-newsletter',
      'newsletter / email',
      'https://acme.test/blog/five-signs',
    ]);
    // A referrer is another site's URL: text, never a link.
    expect(await elements(html, 'section[aria-labelledby="source"] a[href*="google"]')).toEqual([]);
  });

  it('groups the visits into sessions, newest first, each with where it came from', async () => {
    const d = await detailJson(lead);
    expect(d.sessions.map((s) => [s.pages.length, s.landingPage, s.referrer, s.utm])).toEqual([
      [
        1,
        'https://acme.test/pricing?utm_campaign=nov-newsletter&utm_source=newsletter&utm_medium=email',
        null,
        {
          campaign: 'nov-newsletter',
          source: 'newsletter',
          medium: 'email',
        },
      ],
      [2, 'https://acme.test/blog/five-signs', 'https://www.google.com/', null],
    ]);
    const rows = await texts(html, 'section[aria-label="Visits"] tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Pricing.*nov-newsletter · newsletter \/ email/s);
    expect(rows[1]).toMatch(/Five signs.*www\.google\.com/s);
  });

  it('shows the top reasons above the ledger, and sorts the ledger by impact on request', async () => {
    const reasons = await texts(html, 'ol.reasons li');
    expect(reasons).toHaveLength(3);
    expect(html.indexOf('id="reasons"')).toBeLessThan(html.indexOf('id="ledger"'));
    const points = (rows: string[]) =>
      rows.map((r) => Number(/[+−-]?\d+(\.\d+)?/.exec(r.replace('−', '-'))?.[0]));
    expect(points(reasons)).toEqual([...points(reasons)].sort((a, b) => Math.abs(b) - Math.abs(a)));

    const byImpact = await (await dash(`/dashboard/leads/${lead}?ledger=impact`)).text();
    expect(await texts(byImpact, 'section[aria-label="Ledger"] caption')).toEqual([
      'Ledger: every rule that fired, largest impact first',
    ]);
    const values = (await texts(byImpact, 'section[aria-label="Ledger"] tbody tr td:nth-child(7)')).map((v) =>
      Math.abs(Number(v.replace('−', '-').replace('+', ''))),
    );
    expect(values.length).toBeGreaterThan(2);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // The default stays newest first.
    expect(await texts(html, 'section[aria-label="Ledger"] caption')).toEqual([
      'Ledger: every rule that fired, newest first',
    ]);
  });

  it('keeps the ledger in impact order across its windows', async () => {
    const ledgerValues = async (page: string) =>
      (await texts(page, 'section[aria-label="Ledger"] tbody tr td:nth-child(7)')).map((v) =>
        Math.abs(Number(v.replace('−', '-').replace('+', ''))),
      );
    const first = await (await dash(`/dashboard/leads/${lead}?ledger=impact&ledger_limit=2`)).text();
    expect(await texts(first, 'section[aria-labelledby="ledger"] p.list-pager')).toEqual([
      expect.stringMatching(/^Lines 1–2 of \d+, largest impact first · Older$/),
    ]);
    const [older] = await elements(first, 'section[aria-labelledby="ledger"] p.list-pager a');
    expect(older?.text).toBe('Older');
    const href = decodeEntities(older?.attrs.href ?? '');
    expect(new URLSearchParams(href.replace(/^\?|#.*$/g, '')).get('ledger')).toBe('impact');

    // The next window goes on where the first stopped: no line worth more than the first window's least.
    const next = await (await dash(`/dashboard/leads/${lead}${href.replace(/#.*$/, '')}`)).text();
    expect(await texts(next, 'section[aria-label="Ledger"] caption')).toEqual([
      'Ledger: every rule that fired, largest impact first',
    ]);
    const before = await ledgerValues(first);
    const after = await ledgerValues(next);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.max(...after)).toBeLessThanOrEqual(Math.min(...before));
    // Its "Newer" link goes back to the first window, in the same order.
    const newer = (await elements(next, 'section[aria-labelledby="ledger"] p.list-pager a')).find(
      (a) => a.text === 'Newer',
    );
    expect(
      new URLSearchParams(decodeEntities(newer?.attrs.href ?? '').replace(/^\?|#.*$/g, '')).get('ledger'),
    ).toBe('impact');
  });

  it('keeps a window size given in the URL in every pager link (the cap still refuses more)', async () => {
    const pagers = async (path: string) => {
      const html = await (await dash(path)).text();
      const links = await elements(html, 'p.list-pager a');
      return links.map((a) => ({
        text: a.text,
        query: new URLSearchParams(decodeEntities(a.attrs.href ?? '').replace(/^\?|#.*$/g, '')),
      }));
    };
    const first = await pagers(`/dashboard/leads/${lead}?ledger_limit=2&pages_limit=1`);
    const older = first.find((l) => l.query.has('ledger_offset') && l.text === 'Older');
    expect(older?.query.get('ledger_offset')).toBe('2');
    expect(older?.query.get('ledger_limit')).toBe('2');
    // Paging one list keeps the other lists' sizes too.
    expect(older?.query.get('pages_limit')).toBe('1');
    for (const link of first) {
      expect(link.query.get('ledger_limit'), link.text).toBe('2');
      expect(link.query.get('pages_limit'), link.text).toBe('1');
    }
    // The next window has the same size, and says so.
    const next = await (await dash(`/dashboard/leads/${lead}?${older?.query.toString() ?? ''}`)).text();
    expect(await texts(next, 'section[aria-labelledby="ledger"] p.list-pager')).toEqual([
      expect.stringMatching(/^Lines 3–4 of \d+, newest first · Newer · Older$/),
    ]);
    // The default size is not spelled out in the links.
    for (const link of await pagers(`/dashboard/leads/${lead}?ledger_limit=2`))
      expect(
        [...link.query.keys()].filter((k) => k.endsWith('_limit')),
        link.text,
      ).toEqual(['ledger_limit']);
    // Above the cap the page is refused, naming the parameter, as the API does.
    const tooMany = await dash(`/dashboard/leads/${lead}?ledger_limit=101`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('ledger_limit');
    // So is an empty window, the same way: an "Older" link would lead back to the same window.
    const none = await dash(`/dashboard/leads/${lead}?ledger_limit=0`);
    expect(none.status).toBe(400);
    const noneText = await none.text();
    expect(noneText).toContain('ledger_limit');
    expect(await texts(noneText, 'p.list-pager')).toEqual([]);
  });

  it('names the event behind each band and stage change', async () => {
    const { email } = ((await detailJson(lead)) as unknown as { profile: { email: string } }).profile;
    const causes = await texts(html, 'section[aria-label="Band and stage changes"] tbody td:nth-child(5)');
    // Newest first: the won deal, the identify that made the lead known (and MQL), the events that made it hot.
    expect(causes).toEqual([
      'sales: won',
      `an event: Identified as ${email} (page script)`,
      `an event: Identified as ${email} (page script)`,
      'an event: Did video watched',
      'an event: Did product check completed',
    ]);
  });

  it('shows the deal and its value, and offers no Accept or Reject for a won deal', async () => {
    expect(await texts(html, '.lead-badges .badge')).toContain('deal won · 12,000');
    expect(await elements(html, `form[action="/dashboard/leads/${lead}/accept"]`)).toEqual([]);
    expect(await elements(html, `form[action="/dashboard/leads/${lead}/reject"]`)).toEqual([]);
    expect(await texts(html, 'fieldset legend')).toContain('Change the deal outcome');
    const refused = await post(`/dashboard/leads/${lead}/accept`);
    expect(refused.status).toBe(409);
    expect(await texts(await refused.text(), '[role="alert"]')).toEqual([
      'The deal is won: there is nothing left to accept.',
    ]);
    const viaApi = await api(`/api/leads/${lead}/accept`, json({}));
    expect(viaApi.status).toBe(409);
    expect((await detailJson(lead)).deal).toMatchObject({ result: 'won', value: 12000 });
  });

  it('offers an anonymous visitor no sales actions', async () => {
    const visitor = uid('v');
    const res = await env.LEADS.get(env.LEADS.idFromName(`v:acme:${visitor}`)).ingest({
      site: 'acme',
      events: [
        {
          id: uid('ev'),
          at: Date.now(),
          type: 'pageview',
          url: 'https://acme.test/pricing',
          topics: ['pricing'],
          visitorId: visitor,
        },
      ],
    });
    const page = await (await dash(`/dashboard/leads/${res.leadId}`)).text();
    expect(
      await elements(page, 'form[action*="/accept"], form[action*="/reject"], form[action*="/outcome"]'),
    ).toEqual([]);
    expect(await texts(page, 'section[aria-labelledby="actions"] p.muted')).toContain(
      'This is an anonymous visitor: there is no one to contact until they identify.',
    );
    expect((await api(`/api/leads/${res.leadId}/accept`, json({}))).status).toBe(409);
    expect(visitorObjectId('acme', visitor)).toBe(res.leadId);
  });

  it('exports the activity and the list as CSV', async () => {
    const csv = await dash(`/dashboard/leads/${lead}/activity.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="lead-${lead.slice(0, 8)}-activity.csv"`,
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('time,what,page,points,era');
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\dT.*Z,Viewed Five signs,https:\/\/acme\.test\/blog\/five-signs,.*,anonymous$/,
    );
    expect(lines.at(-1)).toMatch(/,Sales: won,,.*,known$/);
    expect(await elements(html, `a[href="/dashboard/leads/${lead}/activity.csv"]`)).toHaveLength(1);

    const list = await dash('/dashboard/leads.csv?q=Sourced%20Buyer');
    expect(list.status).toBe(200);
    const rows = (await list.text()).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('Sourced Buyer');
    expect((await dash('/dashboard/leads.csv?band=%3Cx%3E')).status).toBe(400);
  });

  it('renders times in UTC for the local-time script to rewrite, under a CSP that allows only that script', async () => {
    const times = await elements(html, 'time[data-local]');
    expect(times.length).toBeGreaterThan(2);
    for (const t of times) expect(t.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await texts(html, '[data-zone]')).toEqual(['Times in UTC.']);
    const script = await dash('/dashboard/local-time.js?v=x', { token: null });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("getAttribute('data-local')");
  });
});

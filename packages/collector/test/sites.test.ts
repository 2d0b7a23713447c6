import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { identityHash } from '../src/identity/user-hash';
import { SITES_CACHE_SECONDS } from '../src/storage/sites';
import {
  api,
  BROWSER_UA,
  beacon,
  drained,
  leadObjectId,
  pageview,
  send,
  uid,
  visitorObjectId,
} from './helpers';

/** A beacon for `site` sent from a page on `origin`, as a browser sends it; waits until the queue has delivered it. */
async function sendFrom(site: string, origin: string, events: unknown[], visitor = uid('v')) {
  const res = await exports.default.fetch('http://collector.test/e', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': BROWSER_UA },
    body: JSON.stringify({ ...beacon(visitor, events), s: site }),
  });
  await drained();
  return res;
}

function postJson(path: string, body: unknown, method = 'POST') {
  return api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A fresh site id and an origin no other site has. */
function newSite() {
  const id = uid('site').toLowerCase();
  return { id, origin: `https://www.${id}.example` };
}

describe('sites at run time', () => {
  it('a site added through the API accepts beacons from its origin at once in this isolate', async () => {
    const { id, origin } = newSite();
    expect((await sendFrom(id, origin, [pageview(`${origin}/pricing`)])).status).toBe(403);

    const res = await postJson('/api/sites', { id, origins: [`${origin}/`], downloadExtensions: ['.DWG'] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    // Stored as the schema of LB_SITES normalises it: the origin without its slash, the extension bare.
    expect(created).toMatchObject({
      id,
      origins: [origin],
      downloadExtensions: ['dwg'],
      from: 'stored',
      appliesWithinSeconds: SITES_CACHE_SECONDS,
    });

    const preflight = await exports.default.fetch('http://collector.test/e', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const ok = await sendFrom(id, origin, [pageview(`${origin}/pricing`, ['pricing'])]);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    // The new site's own download extension counts.
    const visitor = uid('v');
    await sendFrom(id, origin, [pageview(`${origin}/docs`)], visitor);
    await sendFrom(
      id,
      origin,
      [{ i: uid('ev'), n: 'lk', ts: Date.now(), u: `${origin}/docs`, h: `${origin}/plan.dwg` }],
      visitor,
    );
    const lead = visitorObjectId(id, visitor);
    const detail = (await (await api(`/api/leads/${lead}`)).json()) as { timeline: { label: string }[] };
    expect(detail.timeline.map((t) => t.label)).toContain('Downloaded plan.dwg');
    // Another site's origin is still refused for it.
    expect((await sendFrom(id, 'http://127.0.0.1:8080', [pageview(`${origin}/x`)])).status).toBe(403);
  });

  it(`a site stored by another isolate applies here within ${SITES_CACHE_SECONDS} s`, async () => {
    const { id, origin } = newSite();
    // This isolate reads the site list now (the site is unknown), and keeps that copy.
    expect((await sendFrom(id, origin, [pageview(`${origin}/`)])).status).toBe(403);
    // Another isolate (another location) stores the site: D1 changes, this isolate is not told.
    const storedAt = Date.now();
    await env.DB.prepare(
      `INSERT INTO sites (id, config, created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?3, 'elsewhere')`,
    )
      .bind(id, JSON.stringify({ origins: [origin] }), storedAt)
      .run();
    let status = 0;
    while (Date.now() - storedAt < SITES_CACHE_SECONDS * 1000 + 1500) {
      status = (await sendFrom(id, origin, [pageview(`${origin}/`)])).status;
      if (status === 204) break;
      expect(status).toBe(403);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(204);
    expect(Date.now() - storedAt).toBeLessThanOrEqual(SITES_CACHE_SECONDS * 1000 + 1500);
  }, 20_000);

  it('refuses a malformed site with the field named, and stores nothing', async () => {
    const { id, origin } = newSite();
    const cases: [unknown, RegExp][] = [
      [{ id, origins: [`${origin}/pricing`] }, /^origins\[0\]: expected an origin/],
      [{ id, origins: [] }, /^origins: list at least one origin/],
      [{ id, origins: ['ftp://files.example'] }, /^origins\[0\]: expected an origin/],
      [
        { id, origins: [origin], downloadExtensions: ['p d f'] },
        /^downloadExtensions\[0\]: expected a file extension/,
      ],
      [
        { id, origins: [origin], competitors: ['not a domain'] },
        /^competitors\[0\]: expected an e-mail domain/,
      ],
      [{ id, origins: [origin], autoAssign: 'random' }, /^autoAssign: expected "round-robin"/],
      [
        { id, origins: [origin], requireVerifiedIdentity: 'yes' },
        /^requireVerifiedIdentity: expected true or false/,
      ],
      [{ id, origins: [origin], colour: 'blue' }, /colour.*unknown setting|unknown setting.*colour/],
      [{ id: 'no spaces allowed', origins: [origin] }, /^id: site ids: 1-64 of/],
      [{ origins: [origin] }, /^id: /],
    ];
    for (const [body, message] of cases) {
      const res = await postJson('/api/sites', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
    expect((await api(`/api/sites/${id}`)).status).toBe(404);
    expect(await env.DB.prepare('SELECT id FROM sites WHERE id = ?1').bind(id).first()).toBeNull();
    expect((await postJson(`/api/sites/${id}`, { origins: 'https://a.example' }, 'PUT')).status).toBe(400);
    expect((await api('/api/sites', { method: 'POST', body: 'not json' })).status).toBe(400);
  });

  it('keeps existing sites working, and an override of a seed site resets to the seed', async () => {
    // The seed site from LB_SITES, before and after other sites come and go.
    expect((await send(beacon(uid('v'), [pageview('https://acme.test/a')]))).status).toBe(204);
    const { id, origin } = newSite();
    expect((await postJson('/api/sites', { id, origins: [origin] })).status).toBe(201);
    expect((await postJson('/api/sites', { id, origins: [origin] })).status).toBe(409);
    expect((await send(beacon(uid('v'), [pageview('https://acme.test/b')]))).status).toBe(204);

    // `beta` is a seed site: its settings can be replaced, then reset to the seed.
    const seed = (await (await api('/api/sites/beta')).json()) as { origins: string[]; from: string };
    expect(seed.from).toBe('seed');
    const other = 'https://beta-only.example';
    const put = await postJson('/api/sites/beta', { origins: [other] }, 'PUT');
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      from: 'override',
      origins: [other],
      seed: { origins: seed.origins },
    });
    expect((await sendFrom('beta', other, [pageview(`${other}/`)])).status).toBe(204);
    expect((await sendFrom('beta', 'https://acme.test', [pageview('https://acme.test/')])).status).toBe(403);
    const reset = await api('/api/sites/beta', { method: 'DELETE' });
    expect(await reset.json()).toEqual({ id: 'beta', reset: true });
    expect((await sendFrom('beta', 'https://acme.test', [pageview('https://acme.test/')])).status).toBe(204);
    expect((await sendFrom('beta', other, [pageview(`${other}/`)])).status).toBe(403);
    // A seed site without stored settings cannot be removed here.
    expect((await api('/api/sites/beta', { method: 'DELETE' })).status).toBe(409);

    // A stored site removed: its beacons are refused again.
    expect(await (await api(`/api/sites/${id}`, { method: 'DELETE' })).json()).toEqual({ id, deleted: true });
    expect((await sendFrom(id, origin, [pageview(`${origin}/`)])).status).toBe(403);
  });

  it('generates an identity secret shown once, which replaces the seed secret at once', async () => {
    const email = `${uid('ada')}@example.com`.toLowerCase();
    const seedSecret = (JSON.parse(env.LB_IDENTITY_SECRETS ?? '{}') as Record<string, string>).acme ?? '';
    const identify = async (secret: string) =>
      send(
        beacon(uid('v'), [
          {
            i: uid('ev'),
            n: 'id',
            ts: Date.now(),
            u: 'https://acme.test/',
            em: email,
            h: await identityHash(secret, email),
          },
        ]),
      );
    expect((await identify(seedSecret)).status).toBe(204);
    const res = await api('/api/sites/acme/identity-secret', { method: 'POST' });
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // Never shown again.
    expect(JSON.stringify(await (await api('/api/sites/acme')).json())).not.toContain(secret);
    expect(JSON.stringify(await (await api('/api/sites')).json())).not.toContain(secret);
    expect(((await (await api('/api/sites/acme')).json()) as { identitySecret: string }).identitySecret).toBe(
      'stored',
    );
    expect((await identify(secret)).status).toBe(204);
    const old = await identify(seedSecret);
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: string }).error).toMatch(
      /^e\[0\]\.h: the identity signature does not match/,
    );
    expect(leadObjectId('acme', email)).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('/api/sites/nowhere/identity-secret', { method: 'POST' })).status).toBe(404);
  });

  it("a site's competitors count as competitors for its own leads only", async () => {
    const { id, origin } = newSite();
    const rival = `${id}-rival.example`;
    expect(
      (await postJson('/api/sites', { id, origins: [origin], competitors: [`@${rival.toUpperCase()}`] }))
        .status,
    ).toBe(201);
    expect(((await (await api(`/api/sites/${id}`)).json()) as { competitors: string[] }).competitors).toEqual(
      [rival],
    );
    const identify = async (site: string) => {
      const res = await postJson('/api/identify', { site, email: `spy@${rival}`, traits: { name: 'Spy' } });
      const { leadId } = (await res.json()) as { leadId: string };
      return (await (await api(`/api/leads/${leadId}`)).json()) as {
        profile: { domainCategory: string };
        disqualified: boolean;
      };
    };
    // The default model disqualifies an address at a competitor's domain.
    expect(await identify(id)).toMatchObject({
      profile: { domainCategory: 'competitor' },
      disqualified: true,
    });
    expect(await identify('beta')).toMatchObject({
      profile: { domainCategory: 'business' },
      disqualified: false,
    });
  });

  it('needs the admin scope to change sites and writes every change to the action log', async () => {
    const { id, origin } = newSite();
    expect((await postJson('/api/sites', { id, origins: [origin] })).status).toBe(201);
    expect((await api('/api/sites', { token: null })).status).toBe(401);
    const log = await env.DB.prepare(
      'SELECT actor_kind, actor_name, action, target, detail FROM action_log WHERE target = ?1',
    )
      .bind(id)
      .all();
    expect(log.results).toEqual([
      {
        actor_kind: 'token',
        actor_name: 'development (token)',
        action: 'site.create',
        target: id,
        detail: `origins: ${origin}`,
      },
    ]);
  });
});

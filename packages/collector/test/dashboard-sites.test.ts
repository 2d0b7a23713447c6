import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { dash, elements, texts } from './dashboard-helpers';
import { api, BROWSER_UA, drained, uid } from './helpers';
import { as, invite, postAs, userWithRole } from './users-helpers';

/** Sends a page view as the site's page would, and waits until the queue has delivered it. */
async function beaconFrom(site: string, origin: string, page: string, extra: Record<string, unknown> = {}) {
  const res = await exports.default.fetch('http://collector.test/e', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin, 'user-agent': BROWSER_UA },
    body: JSON.stringify({
      s: site,
      v: uid('v'),
      t: Date.now(),
      e: [{ i: uid('ev'), n: 'pv', ts: Date.now(), u: page, tp: [], ...extra }],
    }),
  });
  await drained();
  return res;
}

describe('the sites screens', () => {
  it('a marketer adds a site through the form; a refused form comes back filled in with each problem at its field', async () => {
    const marketer = await userWithRole('marketer');
    const id = uid('web').toLowerCase();
    const origin = `https://www.${id}.example`;
    const refused = await postAs(marketer, '/dashboard/sites', {
      id,
      origins: `${origin}\n${origin}/blog`,
      downloadExtensions: 'dwg, not an extension',
      competitors: 'rival.example\nnot a domain',
      autoAssign: 'round-robin',
    });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(await texts(page, '#origins-error')).toEqual([
      'entry 2: expected an origin: scheme, host and optional port, without a path (e.g. https://www.example.com)',
    ]);
    expect(await texts(page, '#downloadExtensions-error')).toEqual([
      'entry 2: expected a file extension like "dwg" (1-16 letters or digits)',
    ]);
    expect(await texts(page, '#competitors-error')).toEqual([
      'entry 2: expected an e-mail domain like "rival.example"',
    ]);
    // One summary above the form, focusable, each problem a link to its field.
    const [summary] = await elements(page, '.error[role="alert"]');
    expect(summary?.attrs).toMatchObject({ id: 'errors', tabindex: '-1' });
    expect((await elements(page, '.error[role="alert"] li a')).map((a) => a.attrs.href)).toEqual([
      '#origins',
      '#downloadExtensions',
      '#competitors',
    ]);
    expect(await texts(page, '#origins')).toHaveLength(1);
    expect((await elements(page, 'textarea#origins'))[0]?.attrs['aria-describedby']).toBe(
      'origins-hint origins-error',
    );
    // What was typed stays in the form.
    expect(await texts(page, 'textarea#origins')).toEqual([`${origin}\n${origin}/blog`]);
    const [assign] = await elements(page, 'input[name="autoAssign"][value="round-robin"]');
    expect(assign?.attrs.checked).toBe('');
    expect(await env.DB.prepare('SELECT id FROM sites WHERE id = ?1').bind(id).first()).toBeNull();

    const added = await postAs(marketer, '/dashboard/sites', {
      id,
      origins: `${origin}/`,
      stripParams: 'customer_id',
      requireVerifiedIdentity: 'true',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/dashboard/sites/${id}?done=created`);
    const shown = await (await as(marketer, `/dashboard/sites/${id}?done=created`)).text();
    expect(await texts(shown, '.notice')).toEqual(['Site added. Beacons from its origins are accepted now.']);
    // Verified identify without a secret: said at once.
    expect(await texts(shown, '.warning')).toEqual([
      'requireVerifiedIdentity: the site has no identity secret yet, so no visitor can be identified until one is generated',
    ]);
    expect(await texts(shown, 'pre.code')).toEqual([
      `<script async src="https://leads.example.test/lb.js" data-site="${id}"></script>`,
    ]);
    // The stored site strips its own parameter from stored URLs.
    const res = await beaconFrom(id, origin, `${origin}/thanks?customer_id=42&plan=pro`);
    expect(res.status).toBe(204);
    const row = await env.DB.prepare('SELECT id FROM leads WHERE site = ?1').bind(id).first<{ id: string }>();
    const detail = (await (await api(`/api/leads/${row?.id}`)).json()) as { pages: { url: string }[] };
    expect(detail.pages.map((p) => p.url)).toEqual([`${origin}/thanks?plan=pro`]);
  });

  it('saves changes, resets a seed site, removes a stored one, and is not for sales', async () => {
    const admin = await userWithRole('admin');
    const sales = await userWithRole('sales');
    expect((await as(sales, '/dashboard/sites')).status).toBe(403);
    expect((await postAs(sales, '/dashboard/sites', { id: 'x', origins: 'https://x.example' })).status).toBe(
      403,
    );

    // `beta` is a seed site: saving stores an override, resetting brings the seed back.
    const seedPage = await (await as(admin, '/dashboard/sites/beta')).text();
    expect(await elements(seedPage, 'form[action="/dashboard/sites/beta/remove"]')).toEqual([]);
    const other = `https://beta-${uid('o').toLowerCase()}.example`;
    const saved = await postAs(admin, '/dashboard/sites/beta', { origins: other });
    expect(saved.status).toBe(303);
    expect((await beaconFrom('beta', other, `${other}/`)).status).toBe(204);
    const overridden = await (await as(admin, '/dashboard/sites/beta?done=saved')).text();
    expect(await texts(overridden, 'form[action="/dashboard/sites/beta/remove"] button')).toEqual([
      'Reset to the seed settings',
    ]);
    expect((await postAs(admin, '/dashboard/sites/beta/remove')).headers.get('location')).toBe(
      '/dashboard/sites/beta?done=reset',
    );
    expect((await beaconFrom('beta', other, `${other}/`)).status).toBe(403);
    // A refused change keeps the site as it was.
    const bad = await postAs(admin, '/dashboard/sites/beta', { origins: '' });
    expect(bad.status).toBe(400);
    expect(await texts(await bad.text(), '#origins-error')).toEqual([
      'list at least one origin the site’s pages are served from',
    ]);

    const id = uid('gone').toLowerCase();
    expect((await postAs(admin, '/dashboard/sites', { id, origins: `https://${id}.example` })).status).toBe(
      303,
    );
    const removed = await postAs(admin, `/dashboard/sites/${id}/remove`);
    expect(removed.headers.get('location')).toBe('/dashboard/sites?done=deleted');
    expect((await as(admin, `/dashboard/sites/${id}`)).status).toBe(404);
    const list = await (await as(admin, '/dashboard/sites?done=deleted')).text();
    expect(await texts(list, '.notice')).toEqual(['Site removed: its beacons are refused from now on.']);
    expect(await texts(list, 'tbody th a')).toContain('acme');
  });

  it('shows a new identity secret once, on the page the form answers with', async () => {
    const admin = await userWithRole('admin');
    const id = uid('sec').toLowerCase();
    await postAs(admin, '/dashboard/sites', { id, origins: `https://${id}.example` });
    const res = await postAs(admin, `/dashboard/sites/${id}/identity-secret`);
    expect(res.status).toBe(200);
    const [input] = await elements(await res.text(), '#new-secret');
    expect(input?.attrs.value).toMatch(/^[0-9a-f]{64}$/);
    const again = await (await as(admin, `/dashboard/sites/${id}`)).text();
    expect(again).not.toContain(input?.attrs.value ?? 'x');
    expect(await texts(again, 'section[aria-labelledby="secret"] p')).toEqual([
      expect.stringMatching(/^The site has a secret generated here\./),
    ]);
  });

  it('keeps an invitation link out of other sites’ referrers', async () => {
    const { token } = await invite({ email: `${uid('ref')}@team.example`, name: 'Ref', role: 'sales' });
    const res = await dash(`/dashboard/invite/${token}`, { token: null });
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    // The page links nowhere else: only this site's own paths.
    for (const a of await elements(await res.text(), '[href]'))
      expect(a.attrs.href).toMatch(/^(\/(?!\/)|#|data:,$)/);
  });
});

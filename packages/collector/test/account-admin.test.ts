import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dash, elements, texts } from './dashboard-helpers';
import { api, BROWSER_UA, drained, ORIGIN, pageview, uid } from './helpers';
import { actionRows, as, postAs, type TestUser, userWithRole } from './users-helpers';

type Account = {
  total: number;
  scores: { fit: number };
  members: { id: string; email?: string }[];
  aliases: string[];
  profile: Record<string, string>;
  ledger: { ruleId: string; member?: string; value: number }[];
};

/** One person of a company: a pricing page, then an identify with their business address. */
async function person(email: string, path = '/pricing') {
  const visitor = uid('v');
  const res = await exports.default.fetch(
    new Request('http://collector.test/e', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': BROWSER_UA },
      body: JSON.stringify({
        s: 'acme',
        v: visitor,
        x: `${visitor}-s`,
        t: Date.now(),
        e: [
          pageview(`https://acme.test${path}`),
          { i: uid('ev'), n: 'id', ts: Date.now(), u: 'https://acme.test/x', em: email },
        ],
      }),
      cf: { country: 'DE' },
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

const page = (domain: string) => `/dashboard/accounts/acme/${domain}`;

describe('account aliases and profile from the dashboard', () => {
  let marketer: TestUser;
  let sales: TestUser;
  const tag = uid('adm').toLowerCase();
  const main = `${tag}.example`;
  const other = `${tag}-de.example`;

  beforeAll(async () => {
    marketer = await userWithRole('marketer');
    sales = await userWithRole('sales');
    await person(`ann@${main}`);
    await person(`ben@${other}`, '/products/x');
  });

  it('a sales user may not merge or split (403, nothing changes) and sees no merge form', async () => {
    const html = await (await as(sales, page(main))).text();
    expect(await elements(html, `form[action="${page(main)}/aliases#aliases"]`)).toHaveLength(0);
    expect(await elements(html, `form[action="${page(main)}/profile#profile"]`)).toHaveLength(1);
    // The same selector finds the form on a marketer's page: its absence above means something.
    const theirs = await (await as(marketer, page(main))).text();
    expect(await elements(theirs, `form[action="${page(main)}/aliases#aliases"]`)).toHaveLength(1);

    const merge = await postAs(sales, `${page(main)}/aliases`, { alias: other });
    expect(merge.status).toBe(403);
    expect(await merge.text()).toContain('Your role (sales) does not allow this.');
    const split = await postAs(sales, `${page(main)}/split`, { alias: `d:${other}` });
    expect(split.status).toBe(403);
    expect((await account(main)).members).toHaveLength(1);
    expect((await account(other)).members).toHaveLength(1);
  });

  it('a post from another origin is refused before anything changes', async () => {
    const res = await dash(`${page(main)}/aliases`, {
      method: 'POST',
      body: new URLSearchParams({ alias: other }),
      token: null,
      headers: { cookie: marketer.cookie, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await account(main)).aliases).toEqual([]);
  });

  it('a refused merge keeps what was typed and names the field; nothing is merged', async () => {
    const res = await postAs(marketer, `${page(main)}/aliases`, { alias: 'not a domain!' });
    expect(res.status).toBe(400);
    const html = await res.text();
    const [input] = await elements(html, 'input[name="alias"]');
    expect(input?.attrs.value).toBe('not a domain!');
    expect(input?.attrs['aria-invalid']).toBe('true');
    expect(input?.attrs['aria-describedby']).toContain('merge-alias-error');
    expect(await texts(html, '#merge-alias-error')).toEqual(['Expected a domain name such as acme.de']);
    expect((await texts(html, '#merge-errors a')).join()).toContain('Domain or network');

    const self = await postAs(marketer, `${page(main)}/aliases`, { alias: main });
    expect(self.status).toBe(400);
    expect(await texts(await self.text(), '#merge-alias-error')).toEqual([
      'An account cannot be its own alias',
    ]);
    const network = await postAs(marketer, `${page(main)}/aliases`, { alias: 'network:Acme GmbH!' });
    expect(network.status).toBe(400);
    expect(await texts(await network.text(), '#merge-alias-error')).toEqual([
      'Expected a company key such as acme-manufacturing',
    ]);
    expect((await account(main)).aliases).toEqual([]);
    expect(await actionRows("action LIKE 'account.%' AND target = ?", `acme/${main}`)).toEqual([]);
  });

  it('a marketer merges a domain (its people move here) and a network, then splits the domain off', async () => {
    const merged = await postAs(marketer, `${page(main)}/aliases`, { alias: other });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`${page(main)}?done=merged#aliases`);
    const after = await account(main);
    expect(after.members.map((m) => m.email).sort()).toEqual([`ann@${main}`, `ben@${other}`]);
    expect(after.aliases).toEqual([`d:${other}`]);
    expect((await api(`/api/accounts/acme/${other}`)).status).toBe(404);

    const net = await postAs(marketer, `${page(main)}/aliases`, { alias: `network:${tag}-gmbh` });
    expect(net.status).toBe(303);
    expect((await account(main)).aliases).toEqual([`d:${other}`, `n:${tag}-gmbh`]);

    const html = await (await as(marketer, `${page(main)}?done=merged`)).text();
    expect(await texts(html, 'p.notice')).toEqual([expect.stringMatching(/^Merged\./)]);
    const splitForms = await elements(html, `form[action="${page(main)}/split"] input[name="alias"]`);
    expect(splitForms.map((f) => f.attrs.value)).toEqual([`d:${other}`, `n:${tag}-gmbh`]);
    expect((await texts(html, 'ul.aliases button')).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
      `Split off domain ${other}`,
      `Split off network ${tag}-gmbh`,
    ]);

    const split = await postAs(marketer, `${page(main)}/split`, { alias: `d:${other}` });
    expect(split.status).toBe(303);
    expect(split.headers.get('location')).toBe(`${page(main)}?done=split#aliases`);
    expect((await account(main)).members.map((m) => m.email)).toEqual([`ann@${main}`]);
    expect((await account(other)).members.map((m) => m.email)).toEqual([`ben@${other}`]);
    // Splitting what is no alias (any more) is a 404 page, not an error.
    expect((await postAs(marketer, `${page(main)}/split`, { alias: `d:${other}` })).status).toBe(404);
    expect((await postAs(marketer, `${page(main)}/split`, { alias: 'acme' })).status).toBe(400);
  });

  it('the profile: a refused form keeps the typed values; a sales user sets it and the fit changes in the ledger', async () => {
    const refused = await postAs(sales, `${page(main)}/profile`, {
      name: 'Main Corp',
      industry: '',
      company_size: 'lots',
      country: 'de',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const inputs = await elements(html, 'form[action$="/profile#profile"] input');
    const value = (name: string) => inputs.find((i) => i.attrs.name === name)?.attrs.value;
    expect(value('name')).toBe('Main Corp');
    expect(value('company_size')).toBe('lots');
    expect(value('country')).toBe('de');
    expect(await texts(html, '#profile-company_size-error')).toEqual([
      'Expected a size such as 250, 51-200 or 1000+',
    ]);
    expect(await texts(html, '#profile-name-error')).toEqual([]);
    expect((await account(main)).profile).toEqual({});

    const empty = await postAs(sales, `${page(main)}/profile`, {});
    expect(empty.status).toBe(400);
    expect(await texts(await empty.text(), '#profile-errors li')).toEqual([
      'Expected at least one of name, industry, company_size, country',
    ]);

    const before = await account(main);
    const saved = await postAs(sales, `${page(main)}/profile`, {
      name: 'Main Corp',
      industry: 'Manufacturing',
      company_size: '201-500',
      country: 'de',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${page(main)}?done=profile#profile`);
    const after = await account(main);
    expect(after.profile).toEqual({
      name: 'Main Corp',
      industry: 'Manufacturing',
      company_size: '201-500',
      country: 'DE',
    });
    // The default account model: +10 for the company size band, +5 for a profile given (fit).
    expect(after.scores.fit).toBe(before.scores.fit + 15);
    expect(after.total).toBe(before.total + 15);
    const profileLines = after.ledger.filter(
      (l) => l.ruleId.startsWith('account-company') || l.ruleId === 'account-profile-given',
    );
    expect(profileLines.map((l) => l.value).sort()).toEqual([10, 5].sort());

    const shown = await (await as(marketer, page(main))).text();
    const form = await elements(shown, 'form[action$="/profile#profile"] input');
    expect(form.find((i) => i.attrs.name === 'company_size')?.attrs.value).toBe('201-500');
    expect(await texts(shown, 'h1')).toEqual([`Main Corp (${main})`]);
  });

  it('the action log lists each change with who made it, and the log screen shows them', async () => {
    const rows = await actionRows("action LIKE 'account.%' AND target = ?", `acme/${main}`);
    expect(rows.map((r) => [r.action, r.actor_name, r.detail])).toEqual([
      [
        'account.profile',
        sales.name,
        'name: Main Corp, industry: Manufacturing, company size: 201-500, country: DE',
      ],
      ['account.split', marketer.name, `domain ${other} split off ${main} (1 member moved)`],
      ['account.alias', marketer.name, `network ${tag}-gmbh merged into ${main}`],
      ['account.alias', marketer.name, `domain ${other} merged into ${main} (1 member moved)`],
    ]);
    const log = await (await dash('/dashboard/log?action=account.')).text();
    const links = await elements(log, `a[href="${page(main)}"]`);
    expect(links).toHaveLength(4);
    expect(await texts(log, 'td')).toContain('set an account profile');
    const res = await api('/api/actions?action=account.');
    expect(res.status).toBe(200);
    const { actions } = (await res.json()) as { actions: { action: string; target: string }[] };
    expect(actions.filter((e) => e.target === `acme/${main}`).map((e) => e.action)).toEqual([
      'account.profile',
      'account.split',
      'account.alias',
      'account.alias',
    ]);
  });

  it('an account path that is no domain is a 400 from the API and a 404 page, never a 5xx', async () => {
    expect((await api('/api/accounts/acme/%25')).status).toBe(400);
    expect((await dash('/dashboard/accounts/acme/%25')).status).toBe(404);
    expect((await dash('/dashboard/accounts/nosuchsite/acme.com')).status).toBe(404);
    const res = await postAs(marketer, '/dashboard/accounts/acme/%25/aliases', { alias: 'x.example' });
    expect(res.status).toBe(404);
  });
});

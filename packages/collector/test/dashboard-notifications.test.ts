import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { dash, elements, type Fields, formFields, post, submit, texts } from './dashboard-helpers';
import { sha256Hex } from './helpers';
import { deliveriesOf, path, received, receiverUrl, waitFor } from './webhooks-helpers';

const LIST = '/dashboard/notifications';
const NEW_FORM = `form[action="${LIST}"]`;

/** The new-subscription form as the page draws it, with `edit` applied, submitted. */
async function create(edit: (f: Fields) => void) {
  const html = await (await dash(`${LIST}/new`)).text();
  const fields = await formFields(html, NEW_FORM);
  edit(fields);
  return submit(LIST, fields);
}

async function subscriptionRows(): Promise<number> {
  return (
    (await env.DB.prepare('SELECT COUNT(*) AS n FROM webhook_subscriptions').first<{ n: number }>())?.n ?? 0
  );
}

async function idOf(name: string): Promise<string> {
  const row = await env.DB.prepare('SELECT id FROM webhook_subscriptions WHERE name = ?')
    .bind(name)
    .first<{ id: string }>();
  if (!row) throw new Error(`no subscription ${name}`);
  return row.id;
}

describe('the notifications screens', () => {
  it('are for admins only', async () => {
    const scoped = { ...env, LB_API_TOKENS: `rw:write:${await sha256Hex('tok-write')}` };
    for (const route of [LIST, `${LIST}/new`])
      expect((await dash(route, { env: scoped, token: 'tok-write' })).status).toBe(403);
    expect((await post(LIST, { name: 'x' }, { env: scoped, token: 'tok-write' })).status).toBe(403);
    const leads = await (await dash('/dashboard', { env: scoped, token: 'tok-write' })).text();
    expect(await elements(leads, `nav a[href="${LIST}"]`)).toEqual([]);
    const admin = await (await dash('/dashboard')).text();
    expect(await texts(admin, `nav a[href="${LIST}"]`)).toEqual(['Notifications']);
  });

  it('create a Slack subscription routed to a topic, its secret shown once, every field labelled', async () => {
    const form = await (await dash(`${LIST}/new`)).text();
    const labels = new Set((await elements(form, 'label[for]')).map((l) => l.attrs.for));
    const fields = (await elements(form, 'main input, main select, main textarea')).filter(
      (f) => f.attrs.type !== 'hidden' && f.attrs.type !== 'checkbox' && f.attrs.type !== 'radio',
    );
    for (const f of fields) expect(labels.has(f.attrs.id), f.attrs.name).toBe(true);
    // Checkboxes and radio buttons are labelled by the <label> around them, in a fieldset with a legend.
    expect((await elements(form, 'fieldset legend')).length).toBeGreaterThan(5);

    const url = `${receiverUrl}${path('ok')}`;
    const res = await create((f) => {
      f.name = 'Pricing team';
      f.url = url;
      f.format = 'slack';
      f.kinds = ['band_changed'];
      f.bands = ['hot'];
      f.topics = 'pricing';
      f.countries = 'de, at';
      f.cooldownHours = '24';
    });
    expect(res.status).toBe(201);
    const html = await res.text();
    expect((await texts(html, 'code.secret'))[0]).toMatch(/^whsec_/);
    const routing = await texts(html, 'section[aria-labelledby="routing"] li');
    expect(routing).toContain('Leads who read about pricing');
    expect(routing).toContain('From DE or AT');
    expect(routing).toContain('At most one message per lead every 24 hours');
    const id = await idOf('Pricing team');
    const api = (await (
      await dash(`/api/webhooks/${id}`, { headers: { authorization: 'Bearer lb_dev_admin_token' } })
    ).json()) as Record<string, unknown>;
    expect(api).toMatchObject({
      format: 'slack',
      kinds: ['band_changed'],
      bands: ['hot'],
      topics: ['pricing'],
      countries: ['DE', 'AT'],
      cooldownHours: 24,
      direction: 'up',
    });
    // The secret is never shown again.
    const page = await (await dash(`${LIST}/${id}`)).text();
    expect(await elements(page, 'code.secret')).toEqual([]);
    const list = await (await dash(LIST)).text();
    expect(await texts(list, 'tbody th a')).toContain('Pricing team');
  });

  it('refuses a bad form with each message next to its field, storing nothing', async () => {
    const before = await subscriptionRows();
    const res = await create((f) => {
      f.name = '';
      f.url = 'ftp://example.com/hook';
      f.countries = 'Germany';
      f.cooldownHours = '-1';
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(await texts(html, '#sub-name-error')).toEqual(['Name the subscription, e.g. Sales — hot leads']);
    expect(await texts(html, '#sub-countries-error')).toEqual(['Not a two-letter country code: "Germany"']);
    expect(await texts(html, '#sub-cooldownHours-error')).toEqual(['Enter a number of at least 0.01']);
    const [countries] = await elements(html, '#sub-countries');
    expect(countries?.attrs).toMatchObject({ value: 'Germany', 'aria-invalid': 'true' });

    // Readable fields, then the API's own checks: the destination, a signal without conditions.
    const url = await create((f) => {
      f.name = 'x';
      f.url = 'ftp://example.com/hook';
    });
    expect(await texts(await url.text(), '#sub-url-error')).toEqual([expect.stringMatching(/http\(s\)/)]);
    const signal = await create((f) => {
      f.name = 'x';
      f.url = `${receiverUrl}${path('ok')}`;
      f.kinds = ['signal'];
    });
    expect(await texts(await signal.text(), '#sub-signal-eventTypes-error')).toEqual([
      'Set at least one signal condition below, or untick “A single signal”.',
    ]);
    expect(await subscriptionRows()).toBe(before);
  });

  it('send a test, show it in the delivery log, pause, resume, redeliver and delete', async () => {
    const failing = path('fail');
    await create((f) => {
      f.name = 'Flaky receiver';
      f.url = `${receiverUrl}${failing}`;
      f.format = 'json';
    });
    const id = await idOf('Flaky receiver');
    const base = `${LIST}/${id}`;
    const test = await post(`${base}/test`);
    expect(test.headers.get('location')).toBe(`${base}?done=test#log`);
    await waitFor(async () => (await deliveriesOf(id))[0]?.status === 'dead', {
      what: 'the failed test',
      timeoutMs: 30_000,
    });
    let page = await (await dash(base)).text();
    expect(await texts(page, 'table.deliveries tbody td:nth-child(4)')).toEqual(['failed']);
    expect((await texts(page, 'table.deliveries tbody td:nth-child(6)'))[0]).toMatch(/^HTTP 500/);
    expect(await texts(page, 'table.deliveries tbody td:nth-child(3)')).toEqual(['test (sample lead)']);

    // The receiver is fixed: edit the address, then send the failed delivery again from the log.
    const ok = path('ok');
    const edit = await formFields(await (await dash(`${base}/edit`)).text(), `form[action="${base}"]`);
    expect(edit.name).toBe('Flaky receiver');
    expect((await submit(base, { ...edit, url: `${receiverUrl}${ok}` })).headers.get('location')).toBe(
      `${base}?done=saved`,
    );
    const [redeliver] = await elements(page, 'table.deliveries form');
    expect(redeliver?.attrs.action).toMatch(/\/redeliver$/);
    expect((await post(redeliver?.attrs.action ?? '')).status).toBe(303);
    await waitFor(async () => (await received(ok)).length === 1, { what: 'the redelivery' });
    page = await (await dash(`${base}?status=delivered`)).text();
    expect(await texts(page, 'table.deliveries tbody td:nth-child(4)')).toEqual(['delivered']);
    const [delivery] = await elements(page, 'table.deliveries tbody td:first-child a');
    const body = await (await dash(delivery?.attrs.href ?? '')).text();
    expect((await texts(body, 'pre.payload'))[0]).toContain('"test": true');

    // Paused: no test button, nothing sent, and the same for a queued change.
    expect((await post(`${base}/pause`)).headers.get('location')).toBe(`${base}?done=paused`);
    page = await (await dash(`${base}?done=paused`)).text();
    expect(await elements(page, `form[action="${base}/test"]`)).toEqual([]);
    expect(await texts(page, '.badge.status-paused')).toEqual(['paused']);
    expect((await post(`${base}/test`)).status).toBe(409);
    expect((await post(`${base}/resume`)).headers.get('location')).toBe(`${base}?done=resumed`);

    const confirm = await (await dash(`${base}/delete`)).text();
    expect(await texts(confirm, 'h1')).toEqual(['Delete Flaky receiver?']);
    expect((await post(`${base}/delete`)).headers.get('location')).toBe(`${LIST}?done=deleted`);
    expect((await dash(base)).status).toBe(404);
    expect(await deliveriesOf(id)).toEqual([]);
  });
});

import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ScoringModel } from '../src/scoring';
import { recordPublication, saveModelVersion } from '../src/storage/models';
import {
  dash,
  detailOf,
  elements,
  type Fields,
  formFields,
  hotHistory,
  post,
  seedLead,
  submit,
  texts,
} from './dashboard-helpers';
import { sha256Hex, uid } from './helpers';
import { waitFor } from './webhooks-helpers';

const EDIT = '/dashboard/model/edit';
const RULE_FORM = `form[action="${EDIT}/rule"]`;

let hot: string;
let warm: string;

/** A lead at 35 (pricing +15, product check +15, a business address +5): warm; with pricing at 40, hot. */
async function seedWarm(email: string): Promise<string> {
  const at = Date.now() - 3_600_000;
  return seedLead(email, [
    { id: uid('ev'), at, type: 'pageview', url: 'http://127.0.0.1:8080/pricing.html', topics: ['pricing'] },
    { id: uid('ev'), at: at + 1000, type: 'custom', name: 'product_check_completed' },
    { id: uid('ev'), at: at + 2000, type: 'identify', email },
  ]);
}

beforeAll(async () => {
  hot = await seedLead(
    'ada@acme-industries.example',
    hotHistory('ada@acme-industries.example', { name: 'Ada' }),
  );
  warm = await seedWarm('wes@warm-co.example');
});

async function draftRows(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM model_drafts').first<{ n: number }>())?.n ?? 0;
}

async function versionCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM models').first<{ n: number }>())?.n ?? 0;
}

async function editor(): Promise<string> {
  const res = await dash(EDIT);
  expect(res.status).toBe(200);
  return res.text();
}

async function exported(): Promise<ScoringModel> {
  const res = await dash(`${EDIT}/export`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/attachment/);
  return (await res.json()) as ScoringModel;
}

/** The rule form of `id` as the page draws it, with `edit` applied, submitted. */
async function saveRule(id: string | null, edit: (f: Fields) => void) {
  const html = await (await dash(id ? `${EDIT}/rule?id=${encodeURIComponent(id)}` : `${EDIT}/rule`)).text();
  const fields = await formFields(html, RULE_FORM);
  edit(fields);
  return submit(`${EDIT}/rule`, { ...fields, action: 'save' });
}

async function rev(): Promise<string> {
  const [input] = await elements(
    await editor(),
    `form[action="${EDIT}/preview"] input[name="rev"], form[action="${EDIT}/topics"] input[name="rev"]`,
  );
  return input?.attrs.value ?? '0';
}

describe('the model editor', () => {
  it('shows the active model as forms, every field labelled, and JSON only for power users', async () => {
    const html = await editor();
    expect(await texts(html, 'h1')).toEqual(['Edit the scoring model']);
    expect(await texts(html, 'table.editor-rules tbody th code')).toEqual(
      DEFAULT_MODEL.rules.map((r) => r.id),
    );
    const topics = await formFields(html, `form[action="${EDIT}/topics"]`);
    expect(topics['topics.0.topic']).toBe('pricing');
    expect(topics['topics.0.urls']).toBe('/pricing*\n/prices*\n/costs*\n/plans*');
    const bands = await formFields(html, `form[action="${EDIT}/bands"]`);
    expect([bands['bands.0.levels.2.name'], bands['bands.0.levels.2.min']]).toEqual(['hot', '51']);
    // Every visible field has a label that names it.
    for (const page of [html, await (await dash(`${EDIT}/rule?id=pricing-page`)).text()]) {
      const labels = new Set((await elements(page, 'label[for]')).map((l) => l.attrs.for));
      const fields = (await elements(page, 'main input, main select, main textarea')).filter(
        (f) => f.attrs.type !== 'hidden' && f.attrs.type !== 'checkbox' && f.attrs.type !== 'radio',
      );
      expect(fields.length).toBeGreaterThan(10);
      for (const f of fields) expect(labels.has(f.attrs.id), f.attrs.name).toBe(true);
    }
    // Without a draft, there is nothing to preview.
    expect(await elements(html, `form[action="${EDIT}/preview"]`)).toEqual([]);
  });

  it('is for admins only', async () => {
    const scoped = {
      ...env,
      LB_API_TOKENS: [
        `ro:read:${await sha256Hex('tok-read')}`,
        `rw:write:${await sha256Hex('tok-write')}`,
      ].join(','),
    };
    for (const token of ['tok-read', 'tok-write']) {
      expect((await dash(EDIT, { env: scoped, token })).status).toBe(403);
      expect((await post(`${EDIT}/general`, { rev: '0', name: 'x' }, { env: scoped, token })).status).toBe(
        403,
      );
      const page = await (await dash('/dashboard/model', { env: scoped, token })).text();
      expect(await elements(page, `a[href="${EDIT}"]`)).toEqual([]);
    }
    expect(await draftRows()).toBe(0);
  });

  it('saves an unchanged rule form as no change, and a changed one into a draft only', async () => {
    const same = await saveRule('pricing-page', () => {});
    expect(same.status).toBe(303);
    expect(same.headers.get('location')).toBe(`${EDIT}?done=unchanged#rules`);
    expect(await draftRows()).toBe(0);

    const changed = await saveRule('pricing-page', (f) => {
      f.points = '40';
    });
    expect(changed.headers.get('location')).toBe(`${EDIT}?done=rule#rules`);
    const html = await (await dash(`${EDIT}?done=rule`)).text();
    expect(await texts(html, '.notice')).toEqual(['Rule saved in your draft.']);
    expect(await texts(html, 'ul.changes li')).toEqual(['Rule pricing-page: points +15 → +40']);
    // The draft is the editor's own: the leads and the active model are as they were.
    expect((await detailOf(warm)).result.total).toBe(35);
    const model = await (await dash('/dashboard/model')).text();
    expect(await texts(model, 'section[aria-labelledby="change"] p')).toContain(
      'Your draft holds 1 change that nobody else sees until you publish it.',
    );
    const json = await exported();
    expect(json.rules.find((r) => r.id === 'pricing-page')?.points).toBe(40);
    expect(json.rules.filter((r) => r.id !== 'pricing-page')).toEqual(
      DEFAULT_MODEL.rules.filter((r) => r.id !== 'pricing-page'),
    );
  });

  it('refuses a bad rule with each message next to its field, and changes nothing', async () => {
    const before = await exported();
    const res = await saveRule('pricing-page', (f) => {
      f.points = 'lots';
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(await texts(html, '#rule-points-error')).toEqual(['Enter a number']);
    const [points] = await elements(html, '#rule-points');
    expect(points?.attrs).toMatchObject({ value: 'lots', 'aria-invalid': 'true' });
    expect(points?.attrs['aria-describedby']).toContain('rule-points-error');
    expect(await texts(html, '#rule-errors li a')).toEqual(['Points']);

    // The model's own checks land next to the field too.
    const never = await saveRule('pricing-page', (f) => {
      f.engagedSeconds = '30';
    });
    expect(never.status).toBe(400);
    expect(await texts(await never.text(), '#rule-engagedSeconds-error')).toEqual([
      'never true for pageview events',
    ]);
    const taken = await saveRule('pricing-page', (f) => {
      f.id = 'demo-request';
    });
    expect(await texts(await taken.text(), '#rule-id-error')).toEqual(['Another rule already has this id']);
    expect(await exported()).toEqual(before);
  });

  it('draws more condition rows without saving anything', async () => {
    const before = await exported();
    const html = await (await dash(`${EDIT}/rule?id=leadership-title`)).text();
    const fields = await formFields(html, RULE_FORM);
    const res = await submit(`${EDIT}/rule`, { ...fields, points: '99', action: 'rows' });
    expect(res.status).toBe(200);
    const page = await res.text();
    // The trait row it had, its blank one, and two more; what was typed is kept, nothing is stored.
    expect(await elements(page, 'input[name^="traits."][name$=".name"]')).toHaveLength(4);
    expect((await elements(page, '#rule-points'))[0]?.attrs.value).toBe('99');
    expect(await exported()).toEqual(before);
  });

  it('adds, duplicates, moves and deletes rules', async () => {
    const added = await saveRule(null, (f) => {
      f.id = 'docs-reader';
      f.description = 'Reads the documentation';
      f.on = 'pageview';
      f.topic = 'docs';
      f.axis = 'interest';
      f.points = '3';
      f.frequency = 'once_per_day';
      f.halfLifeDays = '30';
    });
    expect(added.headers.get('location')).toBe(`${EDIT}?done=added#rules`);
    let json = await exported();
    expect(json.rules.at(-1)).toEqual({
      id: 'docs-reader',
      description: 'Reads the documentation',
      on: 'pageview',
      when: { topic: 'docs' },
      axis: 'interest',
      points: 3,
      frequency: 'once_per_day',
      decay: { halfLifeDays: 30 },
    });

    const act = async (action: string, fields: Record<string, string>) =>
      post(`${EDIT}/rule/${action}`, { rev: await rev(), ...fields });
    expect((await act('duplicate', { id: 'docs-reader' })).status).toBe(303);
    json = await exported();
    expect(json.rules.slice(-2).map((r) => r.id)).toEqual(['docs-reader', 'docs-reader-copy']);
    expect((await act('move', { id: 'docs-reader-copy', to: 'up' })).status).toBe(303);
    json = await exported();
    expect(json.rules.slice(-2).map((r) => r.id)).toEqual(['docs-reader-copy', 'docs-reader']);
    expect((await act('delete', { id: 'docs-reader-copy' })).status).toBe(303);
    json = await exported();
    expect(json.rules.at(-1)?.id).toBe('docs-reader');
    expect(json.rules.filter((r) => r.id.startsWith('docs-reader'))).toHaveLength(1);

    // A form from an older page (another tab, a double click) changes nothing.
    const stale = await post(`${EDIT}/rule/delete`, { rev: '1', id: 'docs-reader' });
    expect(stale.status).toBe(409);
    expect(await texts(await stale.text(), '[role="alert"] p')).toEqual([
      expect.stringMatching(/^The draft changed since that page was shown/),
    ]);
    expect((await exported()).rules.at(-1)?.id).toBe('docs-reader');
  });

  it('edits topics, bands, stages and competitors, each mistake named at its field', async () => {
    const html = await editor();
    const topics = await formFields(html, `form[action="${EDIT}/topics"]`);
    const blank =
      Object.keys(topics).filter((k) => /^topics\.\d+\.topic$/.test(k) && topics[k] === '')[0] ?? '';
    const row = blank.split('.')[1];
    const bad = await submit(`${EDIT}/topics`, {
      ...topics,
      [`topics.${row}.topic`]: 'Docs',
      [`topics.${row}.urls`]: '/docs*',
    });
    expect(bad.status).toBe(400);
    expect(await texts(await bad.text(), `#topics-topics-${row}-topic-error`)).toEqual([
      'expected lower case',
    ]);
    const good = await submit(`${EDIT}/topics`, {
      ...topics,
      [`topics.${row}.topic`]: 'docs',
      [`topics.${row}.urls`]: '/docs*\n/help/*',
    });
    expect(good.status).toBe(303);

    const page = await editor();
    const bands = await formFields(page, `form[action="${EDIT}/bands"]`);
    expect((await submit(`${EDIT}/bands`, { ...bands, 'bands.0.levels.1.min': '-1' })).status).toBe(400);
    expect((await submit(`${EDIT}/bands`, { ...bands, 'bands.0.levels.2.min': '50' })).status).toBe(303);
    const stages = await formFields(await editor(), `form[action="${EDIT}/stages"]`);
    expect((await submit(`${EDIT}/stages`, { ...stages, 'mql.0.total': '50' })).status).toBe(303);
    const general = await formFields(await editor(), `form[action="${EDIT}/general"]`);
    const refused = await submit(`${EDIT}/general`, {
      ...general,
      competitors: 'rival.example\nnot a domain',
    });
    expect(await texts(await refused.text(), '#general-competitors-error')).toEqual([
      'Not a domain name: "not a domain"',
    ]);
    expect((await submit(`${EDIT}/general`, { ...general, competitors: 'Rival.example' })).status).toBe(303);

    const json = await exported();
    expect(json.topics?.at(-1)).toEqual({ topic: 'docs', urls: ['/docs*', '/help/*'] });
    expect(json.bands[0]?.levels.map((l) => l.min)).toEqual([0, 26, 50]);
    expect(json.stages.mql[0]).toEqual({ total: 50 });
    expect(json.competitors).toEqual(['rival.example']);
    const changes = await texts(await editor(), 'ul.changes li');
    expect(changes).toContain('Topic docs added: /docs*, /help/*');
    expect(changes).toContain('Competitors added: rival.example');
  });

  it('imports JSON for power users, refusing a bad model whole, and exports what the editor shows', async () => {
    const before = await exported();
    const bad = structuredClone(DEFAULT_MODEL) as unknown as { rules: Record<string, unknown>[] };
    if (bad.rules[2]) bad.rules[2].points = 'many';
    const res = await post(`${EDIT}/import`, { rev: await rev(), model: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(await texts(html, '#import-model-error')).toEqual([
      'The model has 1 error:\nrules[2].points: expected a number',
    ]);
    expect(await texts(html, '#import-model')).toEqual([JSON.stringify(bad)]);
    expect(await exported()).toEqual(before);

    // The exported draft, imported again, is no change at all.
    const again = await post(`${EDIT}/import`, { rev: await rev(), model: JSON.stringify(before) });
    expect(again.headers.get('location')).toBe(`${EDIT}?done=unchanged`);
  });

  it('previews the draft, states its effect, publishes only when confirmed', async () => {
    const versions = await versionCount();
    const preview = await post(`${EDIT}/preview`, { rev: await rev() });
    expect(preview.status).toBe(303);
    expect(preview.headers.get('location')).toBe(`${EDIT}/review`);
    expect(await versionCount()).toBe(versions + 1);
    const review = await waitFor(
      async () => {
        const h = await (await dash(`${EDIT}/review`)).text();
        return (await elements(h, 'meta[http-equiv="refresh"]')).length === 0 ? h : undefined;
      },
      { what: 'the preview of the draft' },
    );
    const [status] = await texts(review, 'p[role="status"]');
    // The warm lead (35) reaches 60 with pricing at 40: hot.
    expect(status).toMatch(/^Publishing would do this: \d+ leads? moves? to another band \(.*warm → hot.*\)/);
    expect((await detailOf(warm)).result.band).toBe('warm');
    const confirm = await formFields(review, `form[action="${EDIT}/publish"]`);
    expect(confirm.confirm).toBeUndefined();
    const [label] = await texts(review, `label[for="publish-confirm"]`);
    expect(label).toBe(
      `Yes, publish: ${status?.replace(/^Publishing would do this: /, '').replace(/ Nothing has changed yet\.$/, '')}`,
    );

    const unconfirmed = await submit(`${EDIT}/publish`, confirm);
    expect(unconfirmed.status).toBe(400);
    expect(await texts(await unconfirmed.text(), '#publish-confirm-error')).toEqual([
      'Tick the box to confirm the effect on your leads',
    ]);
    expect((await detailOf(warm)).result.band).toBe('warm');

    const published = await submit(`${EDIT}/publish`, { ...confirm, confirm: 'on' });
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toMatch(/^\/dashboard\/model\/jobs\/[0-9a-f]{32}$/);
    await waitFor(async () => (await detailOf(warm)).result.band === 'hot' || undefined, {
      what: 'the re-scoring',
    });
    expect((await detailOf(hot)).result.band).toBe('hot');
    expect(await draftRows()).toBe(0);
    const model = await (await dash('/dashboard/model')).text();
    expect((await texts(model, 'main > p'))[0]).toMatch(new RegExp(`^Active: version ${confirm.version} `));
    // Rolling back is not the first button of the model page: it sits with the publications.
    const controls = await texts(model, 'main a.button, main button');
    expect(controls[0]).toBe('Edit the model');
    expect(controls.indexOf('Roll back to the previous version')).toBeGreaterThan(0);
    expect(
      await elements(
        model,
        'section[aria-labelledby="publications"] form[action="/dashboard/model/rollback"]',
      ),
    ).toHaveLength(1);
  });

  it('creates no new version for a model that is already stored, and discards a draft', async () => {
    // Back to the default's pricing points: the draft says what version 0 says.
    const back = await saveRule('pricing-page', (f) => {
      f.points = '15';
    });
    expect(back.status).toBe(303);
    const withOthers = await exported();
    const versions = await versionCount();
    const defaults = await post(`${EDIT}/import`, { rev: await rev(), model: JSON.stringify(DEFAULT_MODEL) });
    expect(defaults.status).toBe(303);
    expect(withOthers.rules.some((r) => r.id === 'docs-reader')).toBe(true);
    const preview = await post(`${EDIT}/preview`, { rev: await rev() });
    expect(preview.status).toBe(303);
    const row = await env.DB.prepare('SELECT preview_version AS v FROM model_drafts').first<{ v: number }>();
    expect(row?.v).toBe(0);
    expect(await versionCount()).toBe(versions);

    // Someone else publishes meanwhile: the draft says it started from an older version.
    const other = await saveModelVersion(
      env.DB,
      { ...DEFAULT_MODEL, name: 'someone else' },
      { by: 'someone', now: Date.now() },
    );
    await recordPublication(env.DB, {
      version: other.version,
      action: 'publish',
      by: 'someone',
      now: Date.now(),
    });
    const warned = await editor();
    expect((await texts(warned, 'section[aria-labelledby="draft-status"] p.error'))[0]).toMatch(
      /^Version \d+ was published after this draft started from version \d+\. Publishing the draft replaces it entirely/,
    );

    const discard = await post(`${EDIT}/discard`, { rev: await rev() });
    expect(discard.headers.get('location')).toBe(`${EDIT}?done=discarded`);
    expect(await draftRows()).toBe(0);
    expect(await texts(await editor(), 'h2#draft-status')).toEqual(['No draft yet']);
  });
});

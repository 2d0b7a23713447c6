import { beforeAll, describe, expect, it } from 'vitest';
import { JS_HREF } from '../src/dashboard/assets';
import { dash, decodeEntities, elements, hotHistory, post, seedLead, texts } from './dashboard-helpers';
import { uid } from './helpers';

/** Lead data as an attacker would send it: names, traits, titles and URLs that are markup or script. */
const NAME = '<img src=x onerror=alert(1)>';
const COMPANY = '<script>alert("company")</script>';
const TITLE = '"><svg onload=alert(2)>';
const WEBSITE = 'javascript:alert(3)';
const HOMEPAGE = 'https://hostile.example/?q="><b>x</b>';
const PAGE_TITLE = '</title><script>alert(5)</script>';
const EVENT = '<b onmouseover=alert(6)>';

let leadId: string;

beforeAll(async () => {
  const email = 'mallory@hostile.example';
  const at = Date.now() - 3_600_000;
  leadId = await seedLead(email, [
    ...hotHistory(
      email,
      { name: NAME, company: COMPANY, title: TITLE, website: WEBSITE, homepage: HOMEPAGE },
      { at, title: PAGE_TITLE },
    ),
    { id: uid('ev'), at: at + 200_000, type: 'custom', name: EVENT, url: 'javascript:alert(7)' },
    {
      id: uid('ev'),
      at: at + 210_000,
      type: 'download',
      href: 'javascript:alert(8)',
      fileName: '<iframe src=//evil.example>',
      url: 'http://127.0.0.1:8080/pricing.html',
    },
    { id: uid('ev'), at: at + 220_000, type: 'pageview', url: 'javascript:alert(9)//', topics: ['<i>t</i>'] },
  ]);
});

/**
 * What a browser would build from the page: no script but the dashboard's own (by URL, never
 * inline), no image, frame or SVG from lead data, no event-handler attribute anywhere, and every
 * link an http(s) URL or a path of this site.
 */
async function expectInert(html: string) {
  expect(await elements(html, 'script')).toEqual([
    { tag: 'script', attrs: { src: JS_HREF, defer: '' }, text: '' },
  ]);
  for (const tag of ['img', 'iframe', 'b', 'i', 'svg[onload]']) {
    expect(await elements(html, tag), tag).toEqual([]);
  }
  for (const el of await elements(html)) {
    for (const attr of Object.keys(el.attrs)) expect(attr.startsWith('on'), `${el.tag}[${attr}]`).toBe(false);
  }
  for (const a of await elements(html, '[href]')) {
    expect(a.attrs.href, a.attrs.href).toMatch(/^(\/(?!\/)|#|https?:\/\/|data:,$)/);
  }
  for (const f of await elements(html, '[action]')) expect(f.attrs.action).toMatch(/^\/dashboard/);
  expect(html).not.toMatch(/<img src=x|<script>alert|javascript:alert\(\d\)"/);
}

describe('hostile lead data renders as text', () => {
  it('on the lead page', async () => {
    const res = await dash(`/dashboard/leads/${leadId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    await expectInert(html);
    expect(await texts(html, 'h1')).toEqual([NAME]);
    expect(await texts(html, 'head > title')).toEqual([`${NAME} · leadbeacon`]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    // Each value as text, followed by the line that says who vouched for it.
    const profile = await texts(html, 'dl.props dd');
    for (const value of [NAME, COMPANY, TITLE, WEBSITE, HOMEPAGE])
      expect(
        profile.some((t) => t.startsWith(value)),
        value,
      ).toBe(true);
    // An http(s) trait is a link (to the URL as parsed, so it is encoded); `javascript:` stays text.
    const links = await elements(html, 'section[aria-labelledby="profile"] dl.props a');
    expect(links.map((a) => a.attrs.href)).toEqual([new URL(HOMEPAGE).href]);
    expect(links[0]?.attrs.rel).toBe('noopener noreferrer nofollow');

    const pages = await texts(html, 'section[aria-label="Pages read"] tbody td:nth-child(2)');
    expect(pages.some((p) => p.startsWith(PAGE_TITLE))).toBe(true);
    // The `javascript:` page is listed by its path, as text (expectInert found no such link), and
    // marked as no page of the site.
    expect(pages).toContain('alert(9)//alert(9)// · not on this site');
    expect(await texts(html, 'section[aria-label="Pages read"] .tag')).toContain('<i>t</i>');

    const activity = await texts(html, 'ol.timeline li');
    expect(activity.some((a) => a.endsWith(`Did ${EVENT}on javascript:alert(7)`))).toBe(true);
    expect(activity.some((a) => a.includes('Downloaded <iframe src=//evil.example>'))).toBe(true);
  });

  it('in the leads list, the companies list and the filter form', async () => {
    const list = await (await dash('/dashboard')).text();
    await expectInert(list);
    expect(await texts(list, 'tbody th a')).toEqual([NAME]);
    expect(await texts(list, 'tbody td:nth-child(2)')).toEqual([COMPANY]);

    const companies = await (await dash('/dashboard/companies')).text();
    await expectInert(companies);
    expect(await texts(companies, 'table.companies tbody th a')).toEqual([COMPANY]);

    const search = await (await dash(`/dashboard?q=${encodeURIComponent(NAME)}`)).text();
    await expectInert(search);
    const [input] = await elements(search, 'input[name="q"]');
    expect(input?.attrs.value).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(await texts(search, 'tbody th a')).toEqual([NAME]);
  });

  it('in an imported model echoed back with its errors', async () => {
    const text = `{"version": "</textarea><script>alert(10)</script>"`;
    const res = await post('/dashboard/model/edit/import', { rev: '0', model: text });
    expect(res.status).toBe(400);
    const html = await res.text();
    await expectInert(html);
    expect(await texts(html, 'textarea#import-model')).toEqual([text]);
  });

  it('in a rule form echoed back with its errors', async () => {
    const hostile = '"><script>alert(12)</script>';
    const res = await post('/dashboard/model/edit/rule', {
      rev: '0',
      original: '',
      action: 'save',
      id: hostile,
      on: 'pageview',
      axis: 'interest',
      points: hostile,
      frequency: 'always',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    await expectInert(html);
    const [id] = await elements(html, 'input[name="id"]');
    expect(decodeEntities(id?.attrs.value ?? '')).toBe(hostile);
  });

  it('in the login form', async () => {
    const res = await dash(
      `/dashboard/login?next=${encodeURIComponent('/dashboard"><script>alert(11)</script>')}`,
      {
        token: null,
      },
    );
    const html = await res.text();
    await expectInert(html);
    const [next] = await elements(html, 'input[name="next"]');
    expect(next?.attrs.value).toBe('/dashboard');
  });
});

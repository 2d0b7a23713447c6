import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type LeadEvent, scoreLead } from '../src/scoring';
import { DAY_MS } from '../src/scoring/decay';
import { api, beacon, pageview, send, uid } from './helpers';

type Detail = {
  total: number;
  band: string;
  stage: string;
  scores: Record<string, number>;
  lastVisitAt: number;
  nextChangeAt: number | null;
  pages: { url: string; topics: string[] }[];
  ledger: { ruleId: string; value: number; reason: string }[];
};

const get = (path: string) => exports.default.fetch(`http://collector.test${path}`, { redirect: 'manual' });
const custom = (name: string, ts: number) => ({
  i: uid('ev'),
  n: 'ev',
  ts,
  u: 'https://acme.test/check',
  nm: name,
});

describe("DESIGN.md's worked case, through the events a site really sends", () => {
  it('newsletter click +10, product check +15, video +15, costs page +15: 55, hot; a month later −20: 35, warm', async () => {
    // The newsletter goes out with a signed link per recipient (a free-mail address: no fit points).
    const minted = await api('/api/email-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'acme', email: `${uid('anna')}@gmail.com`, campaign: 'nov-newsletter' }),
    });
    const { token, leadId } = (await minted.json()) as { token: string; leadId: string };

    // She clicks: the click route records the click and sends her on to the landing page.
    const landing = 'http://127.0.0.1:8080/landing/newsletter.html?utm_source=newsletter&utm_medium=email';
    const click = await get(`/c/${token}?u=${encodeURIComponent(landing)}`);
    expect(click.status).toBe(302);
    expect(new URL(click.headers.get('location') ?? '').searchParams.get('lb_t')).toBe(token);

    // The script tag on the landing page sends the view with the token, then what she does next.
    const visitor = uid('v');
    const start = Date.now() + 1000;
    await send(beacon(visitor, [pageview(landing, [], { ts: start })], { k: token }));
    await send(
      beacon(visitor, [
        custom('product_check_completed', start + 60_000),
        custom('video_watched', start + 120_000),
        // No topic markup: the default model maps /costs* to pricing.
        pageview('http://127.0.0.1:8080/costs.html', [], { ts: start + 180_000 }),
      ]),
    );

    const lead = (await (await api(`/api/leads/${leadId}`)).json()) as Detail;
    const byRule = Object.fromEntries(lead.ledger.map((l) => [l.ruleId, l.value]));
    // The seed's single "+10 newsletter click" is the click itself (+5) and its landing visit (+5).
    expect(byRule).toEqual({
      'newsletter-click': 5,
      'newsletter-landing': 5,
      'product-check': 15,
      'video-watched': 15,
      'pricing-page': 15,
    });
    expect(lead.ledger.find((l) => l.ruleId === 'pricing-page')?.reason).toBe(
      'Viewed /costs.html (topic pricing)',
    );
    expect(lead.pages.find((p) => p.url.endsWith('/costs.html'))?.topics).toEqual(['pricing']);
    expect([lead.total, lead.band, lead.stage]).toEqual([55, 'hot', 'mql']);
    // The lead's alarm is set for the day a month without a visit costs 20 points.
    expect(lead.nextChangeAt).toBe(lead.lastVisitAt + 30 * DAY_MS);

    // A month later, the same stored events, scored as the alarm will score them.
    const exported = (await (await api(`/api/leads/${leadId}/export`)).json()) as { events: LeadEvent[] };
    const later = scoreLead(exported.events, DEFAULT_MODEL, lead.lastVisitAt + 31 * DAY_MS);
    expect([later.total, later.band]).toEqual([35, 'warm']);
    expect(later.transitions.at(-1)).toMatchObject({
      kind: 'band',
      from: 'hot',
      to: 'warm',
      cause: 'inactivity',
      at: lead.lastVisitAt + 30 * DAY_MS,
    });
  });
});

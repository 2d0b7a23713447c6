import { describe, expect, it } from 'vitest';
import type { LeadDetail } from '../durable/lead-object';
import type { LeadEvent } from '../scoring/events';
import * as screen from './lead-page-screens';

// Browser-side code is passed as strings: this package's types are the Worker's, without the DOM.

/**
 * The lead page in Chromium for a lead whose history holds a page URL of another host: stored
 * before page URLs were checked, or before its origin left LB_SITES. It shows as text, never as a
 * link.
 */
function detail(): LeadDetail {
  const at = screen.NOW - 3 * 3_600_000;
  const pv = (id: string, url: string, title: string, minutes: number, topics: string[] = []): LeadEvent => ({
    id,
    at: at + minutes * 60_000,
    type: 'pageview',
    url,
    title,
    topics,
  });
  const events: LeadEvent[] = [
    pv('pv-1', `${screen.SITE}/pricing`, 'Pricing', 0, ['pricing']),
    pv('pv-2', 'https://evil.example/login?next=acme', 'Sign in to continue', 5),
    pv('pv-3', `${screen.SITE}/thanks?plan=pro`, 'Thank you', 9),
    {
      id: 'ev-1',
      at: at + 12 * 60_000,
      type: 'custom',
      name: 'video_watched',
      url: 'https://evil.example/watch',
    },
    {
      id: 'ev-2',
      at: at + 14 * 60_000,
      type: 'custom',
      name: 'product_check_completed',
      url: `${screen.SITE}/check`,
    },
    {
      id: 'id-1',
      at: at + 15 * 60_000,
      type: 'identify',
      email: 'ada@acme.example',
      traits: { name: 'Ada Lovelace', company: 'Acme' },
    },
  ];
  return screen.detailOf('a'.repeat(64), events);
}

describe('lead page: page URLs of other hosts', () => {
  const browser = screen.chromiumForTests();

  for (const [width, name] of [
    [1280, '12-lead-foreign-url'],
    [375, '13-phone-lead-foreign-url'],
  ] as const) {
    it(`shows them as text at ${width} px, and the site's own pages as links`, async () => {
      const page = await screen.openLeadPage(browser(), detail(), width);
      // The stylesheet applied (the header bar is dark).
      expect(
        await page.evaluate<string>("getComputedStyle(document.querySelector('header.top')).backgroundColor"),
      ).toBe('rgb(17, 24, 39)');
      expect(await page.locator('a[href*="evil.example"]').count()).toBe(0);
      const visits = page.getByRole('region', { name: 'Pages read' });
      await expect.poll(() => visits.getByText('Sign in to continue').isVisible()).toBe(true);
      expect(await visits.getByText('evil.example/login · not on this site').isVisible()).toBe(true);
      expect(await visits.getByRole('link', { name: 'Pricing' }).getAttribute('href')).toBe(
        `${screen.SITE}/pricing`,
      );
      expect(await page.locator('ol.timeline').getByText('https://evil.example/watch').isVisible()).toBe(
        true,
      );
      expect(await page.locator(`ol.timeline a[href="${screen.SITE}/check"]`).count()).toBe(1);
      expect(await screen.scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: `${screen.SHOTS}${name}.png`, fullPage: true });
      await page
        .locator('section[aria-labelledby="timeline"]')
        .screenshot({ path: `${screen.SHOTS}${name}-visits.png` });
      await page.context().close();
    });
  }
});

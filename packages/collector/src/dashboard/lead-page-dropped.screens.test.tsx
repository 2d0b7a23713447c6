import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../scoring/events';
import * as screen from './lead-page-screens';

/**
 * The lead page of a lead whose daily event budget dropped events (a script loop on one day): the
 * count stands at the top of the visits and activity, the lists it is missing from.
 */
function detail() {
  const at = screen.NOW - 26 * 3_600_000;
  const events: LeadEvent[] = [
    {
      id: 'pv-1',
      at,
      type: 'pageview',
      url: `${screen.SITE}/pricing`,
      title: 'Pricing',
      topics: ['pricing'],
    },
    {
      id: 'id-1',
      at: at + 60_000,
      type: 'identify',
      email: 'loop@acme.example',
      traits: { name: 'Lou Loop' },
    },
  ];
  return {
    ...screen.detailOf('c'.repeat(64), events),
    dropped: [
      { day: '2026-11-19', count: 1_200 },
      { day: '2026-11-17', count: 40 },
    ],
  };
}

describe('lead page: events over the daily limit', () => {
  const browser = screen.chromiumForTests();

  for (const [width, name] of screen.WIDTHS) {
    it(`says how many were counted, not stored, above the activity at ${width} px`, async () => {
      const page = await screen.openLeadPage(browser(), detail(), width);
      const note = page.locator('section[aria-labelledby="timeline"] .dropped-note');
      await expect.poll(() => note.isVisible()).toBe(true);
      expect(await note.textContent()).toMatch(
        /^1,240 events over the daily limit were counted, not stored \(on 2 days, the latest 2026-11-19\)\. /,
      );
      expect(await screen.scrollsSideways(page)).toBe(false);
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${screen.SHOTS}16-lead-dropped-${name}.png`, fullPage: false });
      await page.context().close();
    }, 30_000);
  }
});

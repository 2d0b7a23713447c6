import { describe, expect, it } from 'vitest';
import type { DetailPaging } from '../durable/detail';
import type { LeadDetail } from '../durable/lead-object';
import type { LeadEvent } from '../scoring/events';
import * as screen from './lead-page-screens';

/**
 * The lead page of a lead with a long history, in Chromium: each list shows one window (the object
 * gives at most 100 items a list) and says where it stands, with links to older and newer windows.
 */
const ID = 'b'.repeat(64);

function detail(): LeadDetail {
  const events: LeadEvent[] = [
    {
      id: 'id-0',
      at: screen.NOW - 200 * 3_600_000,
      type: 'identify',
      email: 'ada@acme.example',
      traits: { name: 'Ada' },
    },
  ];
  for (let i = 0; i < 150; i++) {
    const url = i % 3 === 0 ? `${screen.SITE}/pricing` : `${screen.SITE}/product/${i % 7}`;
    events.push({
      id: `pv-${i}`,
      at: screen.NOW - (150 - i) * 3_600_000,
      type: 'pageview',
      url,
      title: `Page ${i}`,
      topics: [],
    });
  }
  const whole = screen.detailOf(ID, events);
  const result = whole.result;
  // The second window of pages and activities (what `?pages_offset=50` shows), as the object gives it.
  const paging: DetailPaging = {
    pages: { offset: 50, limit: 50, total: 10_000 },
    timeline: { offset: 50, limit: 50, total: 10_001 },
    ledger: { offset: 0, limit: 50, total: Math.max(result.ledger.length, 51) },
    transitions: { offset: 0, limit: 50, total: result.transitions.length },
  };
  return {
    ...whole,
    result: { ...result, ledger: result.ledger.slice(-50) },
    pages: whole.pages.slice(-100, -50),
    timeline: whole.timeline.slice(-100, -50),
    source: { landingPage: null, landedAt: null, firstReferrer: null, utm: null },
    sessions: [],
    deal: null,
    history: [
      { at: screen.NOW - 150 * 3_600_000, total: 0, interest: 0, intent: 0, fit: 0, band: 'cold' },
      { at: screen.NOW, total: result.total, ...result.scores, band: result.band },
    ],
    // Retention compacted its older behaviour: the page says so above the lists.
    compacted: {
      through: screen.NOW - 400 * 86_400_000,
      events: 12_345,
      byType: { pageview: 4_100, engagement: 8_000, download: 245 },
      late: 0,
      ranAt: screen.NOW - 3_600_000,
    },
    paging,
  };
}

describe('lead page of a long history', () => {
  const browser = screen.chromiumForTests();

  for (const [width, name] of [
    [1280, '14-lead-paged'],
    [375, '15-phone-lead-paged'],
  ] as const) {
    it(`shows one window of each list and links to the others at ${width} px`, async () => {
      const page = await screen.openLeadPage(browser(), detail(), width);
      const pager = page.locator('p.list-pager').filter({ hasText: 'Pages 51–100 of 10,000' });
      await expect.poll(() => pager.isVisible()).toBe(true);
      expect(await pager.getByRole('link', { name: 'Older' }).getAttribute('href')).toBe(
        '?pages_offset=100#timeline',
      );
      expect(await pager.getByRole('link', { name: 'Newer' }).getAttribute('href')).toBe(
        '?pages_offset=0#timeline',
      );
      expect(await page.getByText('Activities 51–100 of 10,001, newest first').isVisible()).toBe(true);
      expect(
        await page
          .getByText(
            'History before 2025-10-16 compacted: 12,345 events (4,100 page views) still count in the score and its reasons, but are no longer listed here.',
          )
          .isVisible(),
      ).toBe(true);
      expect(await page.getByText(/Total \(sum of all [\d,]+ lines' values now\)/).isVisible()).toBe(true);
      // No list makes the page wider than the screen.
      expect(await screen.scrollsSideways(page)).toBe(false);
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${screen.SHOTS}${name}.png`, fullPage: false });
      await page.screenshot({ path: `${screen.SHOTS}${name}-full.png`, fullPage: true });
      await page.context().close();
      // Chromium on a busy shared machine: more than the default 5 s.
    }, 30_000);
  }
});

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dashboardSession } from './api';

/** Screenshots of the workspace screens for people to look at (gitignored): test-results/workspace/. */
export const SHOTS = fileURLToPath(new URL('../test-results/workspace/', import.meta.url));

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/**
 * A browser context logged in to the dashboard (a session from the login form), at a desk or phone
 * width (a phone: touch, 2× pixels); `viewport` overrides the size.
 */
export async function dashboardContext(
  browser: Browser,
  collectorUrl: string,
  phone = false,
  viewport?: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: viewport ?? (phone ? PHONE : DESKTOP),
    ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
  await context.addCookies([
    {
      name: 'lb_session',
      value: await dashboardSession(),
      url: `${collectorUrl}/dashboard`,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
  return context;
}

/** A full-page screenshot, after checking the page does not scroll sideways (it reflows instead). */
export async function shoot(page: Page, name: string): Promise<{ sideways: boolean }> {
  mkdirSync(SHOTS, { recursive: true });
  // Against the screen, not the window: a phone browser widens its layout viewport to fit a page that is too wide.
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > screen.width + 1);
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  return { sideways };
}

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TOKEN } from './api';
import { launchChromium } from './browser';

const collectorUrl = inject('collectorUrl');
/** Screenshots for people to look at (gitignored), next to the other dashboard screens. */
const SHOTS = fileURLToPath(new URL('../test-results/dashboard/', import.meta.url));

async function tryToken(page: Page, token: string): Promise<number> {
  await page.goto(`${collectorUrl}/dashboard/login`);
  await page.getByLabel('API token').fill(token);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/dashboard/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Sign in with the token' }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

describe('failed dashboard logins in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('say why after each wrong token, then how long to wait, on a desktop and a phone', async () => {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await desktop.newPage();
    // Guesses at one account (the same first characters), as a script would make them.
    const guess = (i: number) => `lb_guessing_${i}_${'x'.repeat(20)}`;
    expect(await tryToken(page, guess(0))).toBe(401);
    expect(await page.getByRole('alert').textContent()).toMatch(/Login failed: invalid token\./);
    await page.screenshot({ path: `${SHOTS}09-login-failed.png`, fullPage: true });
    for (let i = 1; i < 5; i++) expect(await tryToken(page, guess(i))).toBe(401);
    expect(await tryToken(page, guess(5))).toBe(429);
    expect(await page.getByRole('alert').textContent()).toMatch(
      /Too many failed logins\. Try again in 15 minutes\./,
    );
    // The form stays usable, and the token field keeps its label and focus ring.
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}10-login-throttled.png`, fullPage: true });
    expect((await desktop.cookies()).find((c) => c.name === 'lb_session')).toBeUndefined();
    await desktop.close();

    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    const small = await phone.newPage();
    expect(await tryToken(small, guess(6))).toBe(429);
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await small.screenshot({ path: `${SHOTS}11-phone-login-throttled.png`, fullPage: true });
    // Another account is not held up by these guesses.
    expect(await tryToken(small, TOKEN)).toBe(303);
    expect(new URL(small.url()).pathname).toBe('/dashboard');
    await phone.close();
  });
});

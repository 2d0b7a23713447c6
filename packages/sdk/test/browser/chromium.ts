import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Flags for the system Chromium in containers and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system Chromium (override with CHROMIUM_PATH). */
export const launch = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });

/**
 * A page of a site using the script tag. `data-allow-automation` is the one attribute that lets a
 * browser driven by Playwright (navigator.webdriver) be tracked.
 */
export const sitePage = (body: string, head = '', attrs = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Test page</title>${head}` +
  `<script async src="/lb.js" data-site="acme" data-allow-automation ${attrs}></script></head><body>${body}</body></html>`;

/**
 * Headless Chromium has no tabs to switch to: a page is always "visible". A tab switch is played
 * through the Page Visibility API itself (the state the browser reports, then its event).
 */
export const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (h ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/**
 * Another window takes the focus: a second page opens, and the first one's focus emulation (which
 * Playwright turns on for every page) is turned off, so `document.hasFocus()` reports the real state.
 * The page gets the blur event a desktop browser sends. Returns the function that gives focus back.
 */
export const blurWindow = async (context: BrowserContext, page: Page) => {
  // Polled from here: waitForFunction would wait on the page's (possibly faked) clock.
  const focusIs = async (f: boolean) => {
    for (let i = 0; i < 100 && (await page.evaluate(() => document.hasFocus())) !== f; i++)
      await new Promise((r) => setTimeout(r, 20));
    if ((await page.evaluate(() => document.hasFocus())) !== f) throw new Error(`focus did not become ${f}`);
  };
  const other = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await focusIs(false);
  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  return async () => {
    await other.close();
    await cdp.detach();
    await page.bringToFront();
    await focusIs(true);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  };
};

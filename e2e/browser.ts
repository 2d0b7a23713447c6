import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; the flags keep it off the network and quiet in a sandboxed CI machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A context that looks like a person's browser. Headless Chromium announces itself twice: in its
 * user agent ("HeadlessChrome", which the collector's bot filter drops) and in
 * `navigator.webdriver` (which the SDK's bot check honours). Real visitors have neither.
 */
export async function humanContext(browser: Browser): Promise<BrowserContext> {
  const version = browser.version().split('.')[0];
  const context = await browser.newContext({
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version}.0.0.0 Safari/537.36`,
  });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
  });
  return context;
}

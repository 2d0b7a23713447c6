/**
 * Whether the browser is driven by automation: `navigator.webdriver`, set by Selenium, Playwright,
 * Puppeteer and headless browsers. Crawlers that say so in their user agent are filtered by the
 * collector, which sees the same header.
 */
export const automated = (): boolean => navigator.webdriver;

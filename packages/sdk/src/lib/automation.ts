/**
 * Whether the browser is driven by automation or announces itself as a crawler: WebDriver
 * (`navigator.webdriver`, set by Selenium, Playwright, Puppeteer), headless Chrome, common bot
 * user agents. The collector filters known bots again on the server.
 */
export const automated = (): boolean =>
  !!navigator.webdriver || /bot|crawl|spider|headless/i.test(navigator.userAgent);

import { isbotMatches } from 'isbot';

/**
 * Server-side bot filter on the user agent (isbot's maintained pattern list: crawlers, monitors,
 * headless browsers, HTTP libraries). With `allowAutomation` (local development, so a demo can be
 * driven by a headless browser) a match on the headless marker alone is not a bot; every other
 * pattern still is.
 */
export function isBotUserAgent(userAgent: string | undefined, allowAutomation = false): boolean {
  // No user agent at all is not a browser.
  if (!userAgent) return true;
  const matches = isbotMatches(userAgent);
  if (matches.length === 0) return false;
  return !(allowAutomation && matches.every((m) => /headless/i.test(m)));
}

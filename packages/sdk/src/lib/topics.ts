import { d } from './globals';
import { safe } from './safe';

/**
 * Topics of the page: `<meta name="lb:topic" content="a, b">` when present, else
 * `<meta property="article:section">` and JSON-LD `articleSection` (at any depth, e.g. inside
 * `@graph`). At most 10, each cut to 64 characters, duplicates removed.
 */
export const topics = (): string[] => {
  const own: unknown[] = [];
  const other: unknown[] = [];
  for (const el of d.querySelectorAll<HTMLMetaElement & HTMLScriptElement>(
    '[name="lb:topic"],[property="article:section"],[type="application/ld+json"]',
  ))
    if (el.content != null) (el.name ? own : other).push(...el.content.split(','));
    // The reviver visits every key at every depth: a tiny deep search. Broken JSON-LD gives nothing.
    else
      safe(JSON.parse)(el.text, (k: string, v: unknown) => {
        if (k === 'articleSection') other.push(...[v].flat());
        return v;
      });
  return [
    ...new Set((own[0] ? own : other).map((t) => String(t).trim().slice(0, 64)).filter((t) => t)),
  ].slice(0, 10);
};

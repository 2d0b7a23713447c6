import { d } from './globals';
import { safe } from './safe';

/**
 * Topics of the page as its markup writes them: the comma-separated parts of
 * `<meta name="lb:topic" content="a, b">` when present, else `<meta property="article:section">` and
 * JSON-LD `articleSection` (at any depth, e.g. inside `@graph`). Not trimmed, cut or deduplicated:
 * the collector does that (protocol 1.3), so the rule lives in one place and costs no script bytes.
 */
export const topics = (): unknown[] => {
  const own: unknown[] = [];
  const other: unknown[] = [];
  for (const el of d.querySelectorAll<HTMLMetaElement & HTMLScriptElement>(
    '[name="lb:topic"],[property="article:section"],[type$="ld+json"]',
  ))
    if (el.content != null) (el.name ? own : other).push(...el.content.split(','));
    // The reviver visits every key at every depth: a tiny deep search. Broken JSON-LD gives nothing.
    else
      safe(JSON.parse)(el.text, (k: string, v: unknown) => {
        if (k === 'articleSection') other.push(...[v].flat());
        return v;
      });
  return own[0] ? own : other;
};

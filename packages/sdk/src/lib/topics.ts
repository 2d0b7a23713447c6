/**
 * Topics of the page, in order of preference: `<meta name="lb:topic" content="a, b">`, then
 * `article:section` meta tags, then JSON-LD `articleSection` (at any depth, e.g. inside `@graph`).
 * At most 10, each cut to 64 characters, duplicates removed.
 */
export const topics = (): string[] => {
  const meta = (sel: string) =>
    [...document.querySelectorAll<HTMLMetaElement>(sel)].flatMap((m) => m.content.split(','));
  let found: unknown[] = meta('meta[name="lb:topic"]');
  if (!found.length) found = meta('meta[property="article:section"],meta[name="article:section"]');
  if (!found.length)
    for (const s of document.querySelectorAll('script[type="application/ld+json"]'))
      try {
        // The reviver visits every key at every depth: a tiny deep search.
        JSON.parse(s.textContent as string, (k, v) => {
          if (k == 'articleSection') found.push(...[v].flat());
          return v;
        });
      } catch {
        // Broken JSON-LD is the site's problem, not a reason to fail.
      }
  return [
    ...new Set(found.flatMap((t) => (typeof t == 'string' && t.trim() ? [t.trim().slice(0, 64)] : []))),
  ].slice(0, 10);
};

/**
 * URL globs and the URL → topic mapping, so a site needs no markup for its topics. Patterns match
 * the URL path (`/pricing*`), or the whole URL without query and fragment when they contain `://`.
 * `*` matches any run of characters (slashes included), `?` one character; matching ignores case.
 */
import type { TopicMapping } from './model';

/** The parts of a URL the matchers look at, split without `new URL()` (hot path, and never throws). */
export type UrlParts = {
  /** The URL without query and fragment. */
  base: string;
  /** The path, `/` when the URL has none. */
  path: string;
  /** The query string without `?`, or empty. */
  query: string;
};

export function splitUrl(url: string): UrlParts {
  let end = url.length;
  const hash = url.indexOf('#');
  if (hash >= 0) end = hash;
  const q = url.indexOf('?');
  const query = q >= 0 && q < end ? url.slice(q + 1, end) : '';
  if (q >= 0 && q < end) end = q;
  const base = url.slice(0, end);
  const scheme = base.indexOf('://');
  let path = base;
  if (scheme >= 0) {
    const slash = base.indexOf('/', scheme + 3);
    path = slash >= 0 ? base.slice(slash) : '/';
  }
  return { base, path, query };
}

/** A glob as an anchored, case-insensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.+()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

export type UrlMatcher = (parts: UrlParts) => boolean;

/** Compiles URL globs into one matcher that holds when any glob matches. */
export function compileUrlPatterns(patterns: readonly string[]): UrlMatcher {
  const onPath = patterns.filter((p) => !p.includes('://')).map(globToRegExp);
  const onBase = patterns.filter((p) => p.includes('://')).map(globToRegExp);
  return (parts) => onPath.some((re) => re.test(parts.path)) || onBase.some((re) => re.test(parts.base));
}

/** Distinct URLs and topics are few compared with events; past this many a cache starts over. */
const CACHE_LIMIT = 10_000;

/** Compiles name globs (topics): plain names compare case-insensitively, globs through a regex. */
export function compileNamePatterns(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)).map((p) => p.toLowerCase()));
  const globs = patterns.filter((p) => /[*?]/.test(p)).map(globToRegExp);
  // A site has few topics and every page view asks again: remember the answers.
  const memo = new Map<string, boolean>();
  return (name) => {
    let hit = memo.get(name);
    if (hit === undefined) {
      hit = exact.has(name.toLowerCase()) || globs.some((re) => re.test(name));
      if (memo.size >= CACHE_LIMIT) memo.clear();
      memo.set(name, hit);
    }
    return hit;
  };
}

const NO_TOPICS: readonly string[] = Object.freeze([]);

export type TopicMapper = (url: string | undefined) => readonly string[];

/** Compiles the model's URL → topic mapping into a cached lookup. */
export function compileTopicMapping(mappings: readonly TopicMapping[]): TopicMapper {
  if (mappings.length === 0) return () => NO_TOPICS;
  const compiled = mappings.map((m) => ({ topic: m.topic, match: compileUrlPatterns(m.urls) }));
  const cache = new Map<string, readonly string[]>();
  return (url) => {
    if (url === undefined) return NO_TOPICS;
    let topics = cache.get(url);
    if (topics === undefined) {
      const parts = splitUrl(url);
      const found = compiled.filter((m) => m.match(parts)).map((m) => m.topic);
      topics = found.length === 0 ? NO_TOPICS : found;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(url, topics);
    }
    return topics;
  };
}

/** The page's topics: its markup topics (lower-cased) plus those the model maps its URL to. */
export function mergeTopics(markup: readonly string[], mapped: readonly string[]): readonly string[] {
  if (markup.length === 0) return mapped;
  const out = markup.map((t) => t.toLowerCase());
  for (const t of mapped) if (!out.includes(t)) out.push(t);
  return out;
}

/**
 * An isolate serves many requests at once, and its module-level caches are shared by all of them.
 * Such a cache must hold values, never promises: a promise that one request's I/O settles, awaited
 * by another request, can make workerd run the awaiting request's code in the first request's
 * context (or cancel it once that request ends); its next I/O of its own then fails with "Cannot
 * perform I/O on behalf of a different request". Under the collector load benchmark a few beacons
 * a run got a 500 that way from the site list's cache (storage/sites.ts), and the built-in model and
 * the webhook subscriptions were cached the same way. The race needs a read still pending while
 * other requests arrive, which no test here can arrange on demand, so the rule is checked in the
 * source: no module-level declaration is typed to hold a promise.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Module-level `let`/`const`/`var` declarations (no indentation) whose type or value names a Promise. */
function promiseCaches(text: string): string[] {
  return text
    .split('\n')
    .filter(
      (line) =>
        /^(?:export\s+)?(?:let|const|var)\s/.test(line) && /\bPromise\s*<|\bPromise\.|\.then\(/.test(line),
    );
}

describe('isolate-level caches', () => {
  it('finds a promise cache where there is one', () => {
    expect(
      promiseCaches(
        'let cache: { at: number; directory: Promise<Directory> } | undefined;\nfunction f() {\n  let p: Promise<void>;\n}',
      ),
    ).toEqual(['let cache: { at: number; directory: Promise<Directory> } | undefined;']);
  });

  it('hold values, never promises shared between requests', () => {
    const found = sources(SRC).flatMap((file) =>
      promiseCaches(readFileSync(file, 'utf8')).map((line) => `${relative(SRC, file)}: ${line}`),
    );
    expect(found).toEqual([]);
  });
});

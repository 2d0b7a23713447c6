import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { staleReason } from './sdk-freshness.mjs';

let root;
const at = (path, seconds) => {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, path);
  utimesSync(file, seconds, seconds);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sdk-freshness-'));
  at('package.json', 100);
  at('rollup.config.mjs', 100);
  at('src/auto.ts', 100);
  at('src/lib/uid.ts', 100);
  at('src/tracker.test.ts', 100);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the embedded SDK is rebuilt when its sources changed', () => {
  it('builds when an output is missing', () => {
    at('dist/lb.js', 200);
    expect(staleReason(root)).toBe('dist/lb.vitals.js is missing');
  });

  it('is current when every output is newer than every input', () => {
    at('dist/lb.js', 200);
    at('dist/lb.vitals.js', 200);
    expect(staleReason(root)).toBeNull();
  });

  it('rebuilds after a source, a nested source or the build config changed', () => {
    at('dist/lb.js', 200);
    at('dist/lb.vitals.js', 200);
    at('src/lib/uid.ts', 300);
    expect(staleReason(root)).toBe('src/lib/uid.ts changed since the last build');
    at('dist/lb.js', 400);
    at('dist/lb.vitals.js', 400);
    expect(staleReason(root)).toBeNull();
    at('rollup.config.mjs', 500);
    expect(staleReason(root)).toBe('rollup.config.mjs changed since the last build');
  });

  it('ignores test files', () => {
    at('dist/lb.js', 200);
    at('dist/lb.vitals.js', 200);
    at('src/tracker.test.ts', 300);
    expect(staleReason(root)).toBeNull();
  });

  it('runs before every wrangler dev and deploy, and again when the SDK sources change under wrangler dev', () => {
    const config = unstable_readConfig({
      config: fileURLToPath(new URL('../../wrangler.jsonc', import.meta.url)),
    });
    expect(config.build.command).toBe('node scripts/embed-sdk.mjs');
    expect([config.build.watch_dir].flat().map((d) => d.replace(/\\/g, '/'))).toEqual([
      expect.stringMatching(/(^|\/)sdk\/src$/),
    ]);
  });
});
